/**
 * The pipeline view's data: one snapshot of a delivery stream and everything around it, read from the
 * services' own state (Firehose counters and buffers, the edge's error counts, fault rules) and through
 * the endpoint's API (objects, the function's logs), plus the agent's status and nginx's access log when
 * their starter registered them. Rates come from the samples the polls themselves take.
 */
import type { FirehoseService } from '../firehose/index.js';
import type { Clock, Scope } from '../shared/index.js';
import { AccessLogLines } from './access-log-lines.js';
import { readAgentFigures, type AgentFigures } from './agent-status.js';
import { buildSnapshot, type GatheredFacts } from './build-snapshot.js';
import type { ErrorCounters } from './error-counters.js';
import { latestLogLines } from './function-logs.js';
import { ObjectReader } from './object-reader.js';
import { pipelineFacts } from './pipeline-facts.js';
import { SampleHistory } from './rates.js';
import type { SourceRegistry } from './sources.js';
import type { FaultRuleView, PipelineRef, PipelineSnapshot, PrefixObjects } from './types.js';
import { createViewClients } from './view-clients.js';

export interface PipelineViewOptions {
  firehose: FirehoseService;
  clock: Clock;
  /** The edge's fault rules (only listed here). */
  faults: { list(): FaultRuleView[] };
  errors: ErrorCounters;
  sources: SourceRegistry;
  endpointUrl: () => string;
}

export interface PipelineView {
  list(): PipelineRef[];
  /** Undefined when there is no such delivery stream. */
  snapshot(scope: Scope, name: string): Promise<PipelineSnapshot | undefined>;
  /** One object of the pipeline, opened; undefined when the key is not under one of its prefixes or cannot be read. */
  openObject(scope: Scope, name: string, kind: string, key: string): Promise<PrefixObjects['newest'] | undefined>;
  close(): void;
}

/** Pipelines whose samples and log readers are kept; the view looks at one at a time. */
const KEPT_PIPELINES = 32;
const RECENT_SHOWN = 8;

export function createPipelineView(options: PipelineViewOptions): PipelineView {
  const clients = createViewClients(options.endpointUrl);
  const reader = new ObjectReader();
  const histories = new Map<string, SampleHistory>();
  const accessLogs = new Map<string, AccessLogLines>();

  const historyOf = (key: string): SampleHistory => {
    let history = histories.get(key);
    if (!history) {
      if (histories.size >= KEPT_PIPELINES) histories.delete(histories.keys().next().value as string);
      history = new SampleHistory();
      histories.set(key, history);
    }
    return history;
  };
  const accessLogOf = (path: string): AccessLogLines => {
    let lines = accessLogs.get(path);
    if (!lines) {
      if (accessLogs.size >= KEPT_PIPELINES) accessLogs.delete(accessLogs.keys().next().value as string);
      lines = new AccessLogLines(path);
      accessLogs.set(path, lines);
    }
    return lines;
  };

  return {
    list: () => options.firehose.list(),
    async snapshot(scope, name) {
      const inspection = options.firehose.inspect(scope, name);
      if (!inspection) return undefined;
      const facts = pipelineFacts(inspection.stream);
      const source = facts.stream ? options.sources.find(scope.accountId, scope.region, facts.stream) : undefined;
      const { s3, logs } = clients.forScope(scope);
      const functionLogs = facts.logGroup ? clients.forScope(facts.functionScope ?? scope).logs : logs;
      const [agent, logLines, objects] = await Promise.all([
        source?.agentStatusUrl ? readAgentFigures(source.agentStatusUrl) : Promise.resolve(undefined),
        facts.logGroup ? latestLogLines(functionLogs, facts.logGroup) : Promise.resolve([]),
        Promise.all(facts.locations.map(async (location) => {
          const kindOf = { success: 'destination', error: 'error', backup: 'backup' } as const;
          const written = inspection.engine?.recentObjects[kindOf[location.kind]] ?? [];
          const recent = written.length > 0
            ? written.map((object) => ({ key: object.key, records: object.records, bytes: object.bytes, writtenAtMs: object.writtenAtMs }))
            : (await reader.newest(s3, location.bucket, location.fixedPrefix, RECENT_SHOWN)).map((object) => ({ key: object.key, records: null, bytes: object.size, writtenAtMs: object.lastModified?.getTime() ?? null }));
          const newest = recent[0] ? await reader.open(s3, location.bucket, recent[0].key, location.kind, location.fixedPrefix) : undefined;
          return { ...location, recent: recent.slice(0, RECENT_SHOWN), newest: newest ?? null };
        })),
      ]);
      const gathered: GatheredFacts = {
        scope, inspection, facts, source,
        agent: agent && 'problem' in agent ? { problem: agent.problem } : (agent as AgentFigures | undefined),
        accessLog: source?.accessLog ? accessLogOf(source.accessLog).look() : undefined,
        errors: options.errors.list(),
        faults: options.faults.list(),
        logLines, objects,
        clockNow: options.clock.now(),
        wallNow: Date.now(),
      };
      return buildSnapshot(gathered, historyOf(`${scope.accountId}/${scope.region}/${name}`));
    },
    async openObject(scope, name, kind, key) {
      const inspection = options.firehose.inspect(scope, name);
      if (!inspection) return undefined;
      const location = pipelineFacts(inspection.stream).locations.find((candidate) => candidate.kind === kind);
      if (!location || !key.startsWith(location.fixedPrefix)) return undefined;
      return (await reader.open(clients.forScope(scope).s3, location.bucket, key, location.kind, location.fixedPrefix)) ?? undefined;
    },
    close: () => clients.destroy(),
  };
}
