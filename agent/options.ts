import { isIP } from 'node:net';
import { AgentConfigError } from './errors.js';

/** Kinesis limits (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html). */
export const KINESIS_RECORD_LIMIT_BYTES = 1_048_576;
export const PUT_RECORDS_LIMIT_BYTES = 5 * 1_048_576;
export const PUT_RECORDS_MAX_ENTRIES = 500;

export type InitialPosition = 'START_OF_FILE' | 'END_OF_FILE';
export type PartitionKeyOption = 'RANDOM' | 'DETERMINISTIC';
export type OversizeOption = 'split' | 'truncate';

export interface AgentOptions {
  /** A path or a glob whose last segment may hold `*` / `?` (e.g. /x/logs/access.log*): the flow's filePattern. */
  files: string;
  /** Kinesis stream name. */
  stream: string;
  /** Kinesis endpoint URL (the local endpoint); undefined = AWS default chain. */
  endpoint?: string;
  region: string;
  /** Where file identity + offset are persisted (atomically: write temp + rename). */
  checkpointFile: string;
  /** For a file never seen before at the first start (default END_OF_FILE like the Kinesis Agent). */
  initialPosition?: InitialPosition;
  /** Default 1000. */
  maxBufferAgeMs?: number;
  /** Default and maximum 500 (PutRecords entry limit). */
  maxBufferSizeRecords?: number;
  /** Default and maximum 5 MiB (PutRecords limit including partition keys). */
  maxBufferSizeBytes?: number;
  /**
   * PutRecords calls under way at once (default 1, at most 16), like the Kinesis Agent's several sending
   * threads: above 1 a busy endpoint's answer time does not bound the rate, but batches may reach the stream
   * out of file order (as the Kinesis Agent's do) and a kill -9 resends at most this many batches; the
   * checkpoint still moves only over lines accepted with everything before them. A batch holding parts of a
   * split line goes alone, so the parts stay in order. hosepipe's stack sets 3 (hosepipe.yaml agent.maxBatchesInFlight).
   */
  maxBatchesInFlight?: number;
  /** RANDOM (default) spreads over shards; DETERMINISTIC hashes the line so equal lines share a shard. */
  partitionKey?: PartitionKeyOption;
  /** How often to look for new data (default 250); fs.watch wakes the agent sooner. */
  pollIntervalMs?: number;
  /** If set (0 = any free port), serve GET /status JSON counters on 127.0.0.1. */
  statusPort?: number;
  /**
   * The address the status server binds: 127.0.0.1 unless given. A container sets its own interface
   * (0.0.0.0) here so the port it publishes on the host's loopback reaches the server.
   */
  statusHost?: string;
  /** Lines over the Kinesis record limit: split into rejoinable parts (default) or truncate. */
  oversize?: OversizeOption;
  /** First retry delay ceiling (default 100, like the Kinesis Agent's retryInitialBackoffMillis). */
  retryInitialBackoffMs?: number;
  /** Retry delay cap (default 10000, like retryMaxBackoffMillis); retries never stop. */
  retryMaxBackoffMs?: number;
  /** How long a file that left the pattern (renamed away, deleted) is still followed after its last growth (default 5000). */
  rotateWaitMs?: number;
  /** Aborting it stops the agent like stop(): drain, checkpoint, close. */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface ResolvedAgentOptions {
  files: string;
  stream: string;
  endpoint: string | undefined;
  region: string;
  checkpointFile: string;
  initialPosition: InitialPosition;
  maxBufferAgeMs: number;
  maxBufferSizeRecords: number;
  maxBufferSizeBytes: number;
  maxBatchesInFlight: number;
  partitionKey: PartitionKeyOption;
  pollIntervalMs: number;
  statusPort: number | undefined;
  statusHost: string;
  oversize: OversizeOption;
  retryInitialBackoffMs: number;
  retryMaxBackoffMs: number;
  rotateWaitMs: number;
  signal: AbortSignal | undefined;
  log: (line: string) => void;
}

/** The keys a JSON config may hold: AgentOptions without signal and log. */
export const AGENT_OPTION_KEYS = [
  'files', 'stream', 'endpoint', 'region', 'checkpointFile', 'initialPosition', 'maxBufferAgeMs',
  'maxBufferSizeRecords', 'maxBufferSizeBytes', 'maxBatchesInFlight', 'partitionKey', 'pollIntervalMs', 'statusPort', 'statusHost', 'oversize',
  'retryInitialBackoffMs', 'retryMaxBackoffMs', 'rotateWaitMs',
] as const;

/**
 * Applies defaults and validates every option; throws AgentConfigError naming the first bad field.
 * Unknown keys are rejected so a typo does not silently fall back to a default.
 */
export function resolveAgentOptions(input: unknown): ResolvedAgentOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AgentConfigError('options', 'expected an object', input);
  }
  const raw = input as Record<string, unknown>;
  const known = new Set<string>([...AGENT_OPTION_KEYS, 'signal', 'log']);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new AgentConfigError(key, `unknown option; expected one of ${AGENT_OPTION_KEYS.join(', ')}`, raw[key]);
  }
  const log = raw.log === undefined ? () => {} : raw.log;
  if (typeof log !== 'function') throw new AgentConfigError('log', 'expected a function', log);
  const signal = raw.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new AgentConfigError('signal', 'expected an AbortSignal', signal);
  return {
    files: requiredString(raw, 'files'),
    stream: streamName(raw),
    endpoint: endpointUrl(raw),
    region: requiredString(raw, 'region'),
    checkpointFile: requiredString(raw, 'checkpointFile'),
    initialPosition: oneOf(raw, 'initialPosition', ['START_OF_FILE', 'END_OF_FILE'] as const, 'END_OF_FILE'),
    maxBufferAgeMs: integer(raw, 'maxBufferAgeMs', 1, 15 * 60_000, 1000),
    maxBufferSizeRecords: integer(raw, 'maxBufferSizeRecords', 1, PUT_RECORDS_MAX_ENTRIES, PUT_RECORDS_MAX_ENTRIES),
    // A record larger than this still goes alone in its own call (decideBatch), so any positive size works.
    maxBufferSizeBytes: integer(raw, 'maxBufferSizeBytes', 1, PUT_RECORDS_LIMIT_BYTES, PUT_RECORDS_LIMIT_BYTES),
    maxBatchesInFlight: integer(raw, 'maxBatchesInFlight', 1, 16, 1),
    partitionKey: oneOf(raw, 'partitionKey', ['RANDOM', 'DETERMINISTIC'] as const, 'RANDOM'),
    pollIntervalMs: integer(raw, 'pollIntervalMs', 1, 60_000, 250),
    statusPort: raw.statusPort === undefined ? undefined : integer(raw, 'statusPort', 0, 65_535, 0),
    statusHost: ipAddress(raw, 'statusHost', '127.0.0.1'),
    oversize: oneOf(raw, 'oversize', ['split', 'truncate'] as const, 'split'),
    retryInitialBackoffMs: integer(raw, 'retryInitialBackoffMs', 1, 600_000, 100),
    retryMaxBackoffMs: integer(raw, 'retryMaxBackoffMs', 1, 600_000, 10_000),
    rotateWaitMs: integer(raw, 'rotateWaitMs', 0, 3_600_000, 5000),
    signal,
    log: log as (line: string) => void,
  };
}

function requiredString(raw: Record<string, unknown>, field: string): string {
  const value = raw[field];
  if (typeof value !== 'string' || value.trim() === '') throw new AgentConfigError(field, 'expected a non-empty string', value);
  return value;
}

function streamName(raw: Record<string, unknown>): string {
  const value = requiredString(raw, 'stream');
  if (!/^[a-zA-Z0-9_.-]{1,128}$/.test(value)) {
    throw new AgentConfigError('stream', 'expected a Kinesis stream name (1-128 of a-z A-Z 0-9 _ . -)', value);
  }
  return value;
}

function endpointUrl(raw: Record<string, unknown>): string | undefined {
  const value = raw.endpoint;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new AgentConfigError('endpoint', 'expected an http(s) URL', value);
  }
  return value;
}

function ipAddress(raw: Record<string, unknown>, field: string, fallback: string): string {
  const value = raw[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || isIP(value) === 0) throw new AgentConfigError(field, 'expected an IP address such as 127.0.0.1 or 0.0.0.0', value);
  return value;
}

function integer(raw: Record<string, unknown>, field: string, min: number, max: number, fallback: number): number {
  const value = raw[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new AgentConfigError(field, `expected an integer from ${min} to ${max}`, value);
  }
  return value;
}

function oneOf<const T extends string>(raw: Record<string, unknown>, field: string, allowed: readonly T[], fallback: T): T {
  const value = raw[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new AgentConfigError(field, `expected one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}
