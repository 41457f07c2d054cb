import type { DenialReason } from './evaluate.js';

export interface DenialEntry {
  /** Epoch milliseconds. */
  at: number;
  principal: string;
  action: string;
  resource: string;
  reason: DenialReason;
  /** Set when the simulator could not evaluate the request at all (then it is refused). */
  problem?: string;
}

/** Every IAM denial the endpoint answered: a count and the latest ones, for the admin metrics and `hosepipe status`. */
export interface DenialLog {
  record(entry: Omit<DenialEntry, 'at'>): void;
  snapshot(): { total: number; recent: DenialEntry[] };
}

const RECENT = 50;
// A denial repeated (Firehose retrying a write) is told again at most this often.
const REPEAT_MS = 60_000;

export function createDenialLog(options: { now: () => number; report?: (line: string) => void }): DenialLog {
  const report = options.report ?? ((line: string) => process.stderr.write(`${line}\n`));
  const recent: DenialEntry[] = [];
  const lastTold = new Map<string, number>();
  let total = 0;
  return {
    record(entry) {
      const at = options.now();
      total += 1;
      recent.push({ at, ...entry });
      if (recent.length > RECENT) recent.shift();
      const key = `${entry.principal} ${entry.action} ${entry.resource}`;
      const told = lastTold.get(key);
      if (told !== undefined && at - told < REPEAT_MS) return;
      if (lastTold.size > 10_000) lastTold.clear();
      lastTold.set(key, at);
      const problem = entry.problem ? ` (hosepipe could not evaluate it: ${entry.problem})` : '';
      report(`hosepipe iam: denied ${entry.action} on ${entry.resource} to ${entry.principal}: ${entry.reason}${problem}`);
    },
    snapshot: () => ({ total, recent: [...recent] }),
  };
}
