import { AgentConfigError } from './errors.js';
import { resolveAgentOptions, type AgentOptions } from './options.js';

// Not the Kinesis Agent's own path: that one is its SQLite database, which our JSON must not overwrite.
const DEFAULT_CHECKPOINT_FILE = '/var/run/aws-kinesis-agent/hosepipe-checkpoints.json';

/** agent.json flow key → AgentOptions key, for the keys hosepipe honours. */
const FLOW_KEYS = {
  filePattern: 'files',
  kinesisStream: 'stream',
  partitionKeyOption: 'partitionKey',
  maxBufferAgeMillis: 'maxBufferAgeMs',
  maxBufferSizeRecords: 'maxBufferSizeRecords',
  maxBufferSizeBytes: 'maxBufferSizeBytes',
  initialPosition: 'initialPosition',
  minTimeBetweenFilePollsMillis: 'pollIntervalMs',
  retryInitialBackoffMillis: 'retryInitialBackoffMs',
  retryMaxBackoffMillis: 'retryMaxBackoffMs',
} as const satisfies Record<string, keyof AgentOptions>;

/** Keys that change what is sent; ignoring them would silently ship different records. */
const UNSUPPORTED_FLOW_KEYS: Record<string, string> = {
  deliveryStream: 'Firehose flows are not supported; point the flow at a Kinesis stream with kinesisStream',
  dataProcessingOptions: 'not supported; hosepipe sends raw lines and transforms them in the Firehose Lambda',
  multiLineStartPattern: 'multi-line records are not supported; each line is one record',
  skipHeaderLines: 'not supported; every line is sent',
};

/**
 * Maps an Amazon Kinesis Agent agent.json to one AgentOptions per flow: flows[].filePattern,
 * kinesisStream, partitionKeyOption, maxBufferAgeMillis, maxBufferSizeRecords, maxBufferSizeBytes,
 * initialPosition, plus top-level kinesis.endpoint, kinesis.region and checkpointFile. Several flows get
 * checkpoint files suffixed .0, .1, ... Throws AgentConfigError naming the agent.json field.
 */
export function readKinesisAgentConfig(json: unknown): AgentOptions[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new AgentConfigError('agent.json', 'expected a JSON object', json);
  const root = json as Record<string, unknown>;
  const endpoint = optionalString(root, 'kinesis.endpoint');
  const region = optionalString(root, 'kinesis.region') ?? regionFromEndpoint(endpoint) ?? 'us-east-1';
  const checkpointFile = optionalString(root, 'checkpointFile') ?? DEFAULT_CHECKPOINT_FILE;
  const flows = root.flows;
  if (!Array.isArray(flows) || flows.length === 0) throw new AgentConfigError('flows', 'expected a non-empty array of flows', flows);
  return flows.map((flow: unknown, index) => {
    const prefix = `flows[${index}]`;
    if (typeof flow !== 'object' || flow === null || Array.isArray(flow)) throw new AgentConfigError(prefix, 'expected an object', flow);
    const raw = flow as Record<string, unknown>;
    for (const [key, problem] of Object.entries(UNSUPPORTED_FLOW_KEYS)) {
      if (raw[key] !== undefined) throw new AgentConfigError(`${prefix}.${key}`, problem, raw[key]);
    }
    if (raw.truncatedRecordTerminator !== undefined && raw.truncatedRecordTerminator !== '\n') {
      throw new AgentConfigError(`${prefix}.truncatedRecordTerminator`, 'only "\\n" is supported', raw.truncatedRecordTerminator);
    }
    const options: Record<string, unknown> = {
      endpoint,
      region,
      checkpointFile: flows.length === 1 ? checkpointFile : `${checkpointFile}.${index}`,
    };
    for (const [jsonKey, optionKey] of Object.entries(FLOW_KEYS)) {
      if (raw[jsonKey] !== undefined) options[optionKey] = raw[jsonKey];
    }
    if (endpoint === undefined) delete options.endpoint;
    try {
      resolveAgentOptions(options);
    } catch (error) {
      if (!(error instanceof AgentConfigError)) throw error;
      throw new AgentConfigError(agentJsonField(prefix, error.field), error.message.replace(/^invalid \S+: /, '').replace(/ \(got .*\)$/s, ''), error.value, { cause: error });
    }
    return options as unknown as AgentOptions;
  });
}

function agentJsonField(prefix: string, optionKey: string): string {
  if (optionKey === 'endpoint') return 'kinesis.endpoint';
  if (optionKey === 'region') return 'kinesis.region';
  if (optionKey === 'checkpointFile') return 'checkpointFile';
  const jsonKey = Object.entries(FLOW_KEYS).find(([, key]) => key === optionKey)?.[0];
  return `${prefix}.${jsonKey ?? optionKey}`;
}

function optionalString(root: Record<string, unknown>, key: string): string | undefined {
  const value = root[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new AgentConfigError(key, 'expected a non-empty string', value);
  return value;
}

/** kinesis.us-west-2.amazonaws.com → us-west-2, as the Kinesis Agent infers it. */
function regionFromEndpoint(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  const host = URL.canParse(endpoint) ? new URL(endpoint).hostname : endpoint;
  return /^kinesis\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1];
}
