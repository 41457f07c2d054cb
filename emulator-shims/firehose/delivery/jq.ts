/**
 * MetadataExtraction (reference §4.5, §10): runs the JQ-1.6 query with the real `jq` binary, one process
 * per batch, each record passed as a JSON string so one bad record cannot derail the others.
 */
import { spawn } from 'node:child_process';

/** The jq executable; Firehose's JsonParsingEngine is JQ-1.6, the version Debian ships. */
export const JQ_COMMAND = 'jq';
/** Real AWS text for a record that is not JSON [OBS: many test suites]. */
export const NON_JSON_RECORD = 'Non JSON record provided';
export const MAX_PARTITION_KEYS = 50;

export type Extraction = { keys: Record<string, string> } | { error: string };

/** The jq program wrapping a user query so every input yields exactly one output line. */
export function wrapQuery(query: string): string {
  return `. as $raw | try ({ok: [($raw | fromjson) | (${query})]}) catch ({error: (. | tostring)}) | if has("ok") then . else (if ($raw | try (fromjson | true) catch false) then . else {error: "${NON_JSON_RECORD}"} end) end`;
}

/** Turns one jq output into partition keys: an object of scalars, at most 50 keys. */
export function toPartitionKeys(output: unknown): Extraction {
  if (typeof output !== 'object' || output === null) return { error: 'jq produced no output' };
  const result = output as { ok?: unknown[]; error?: string };
  if (result.error !== undefined) return { error: result.error };
  const value = result.ok?.[0];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'The MetadataExtractionQuery must produce a JSON object' };
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_PARTITION_KEYS) return { error: `The MetadataExtractionQuery produced more than ${MAX_PARTITION_KEYS} keys` };
  const keys: Record<string, string> = {};
  for (const [key, item] of entries) {
    if (item === null || item === undefined || typeof item === 'object') return { error: `Partition key '${key}' is null or not a scalar` };
    keys[key] = String(item);
  }
  return { keys };
}

/** Runs `query` over every record; resolves with one Extraction per record, in order. */
export function extractPartitionKeys(query: string, records: Buffer[]): Promise<Extraction[]> {
  if (records.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    const child = spawn(JQ_COMMAND, ['-c', wrapQuery(query)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const failAll = (message: string): void => resolve(records.map(() => ({ error: message })));
    child.on('error', (error) => failAll(`hosepipe runs MetadataExtraction with the jq binary (JQ-1.6), which could not be started: ${error.message}`));
    child.on('close', (code) => {
      if (code !== 0) return failAll(`jq failed: ${Buffer.concat(err).toString('utf8').trim()}`);
      const lines = Buffer.concat(out).toString('utf8').split('\n').filter((line) => line.length > 0);
      resolve(records.map((_, index) => {
        const line = lines[index];
        return line === undefined ? { error: 'jq produced no output' } : toPartitionKeys(JSON.parse(line));
      }));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(records.map((record) => JSON.stringify(record.toString('utf8'))).join('\n'));
  });
}
