import { AwsError } from '../shared/index.js';

/** A fault rule as `POST /_hosepipe/faults` takes it. */
export interface FaultRuleInput {
  service: string;
  /** The AWS operation name (`PutRecords`, `PutObject`); absent or `*` matches every operation of the service. */
  operation?: string;
  /** The AWS error code answered (`ProvisionedThroughputExceededException`); absent for a latency-only rule. */
  error?: string;
  status?: number;
  message?: string;
  /** Fire for the next N matching requests, then stop. */
  count?: number;
  /** Fire for each matching request with this chance (0..1). */
  probability?: number;
  /** Delay matching requests by this much before answering (with or without an error). */
  latencyMs?: number;
}

export interface FaultRule extends Required<Pick<FaultRuleInput, 'service' | 'operation'>> {
  id: string;
  error?: string;
  status: number;
  message: string;
  count?: number;
  probability?: number;
  latencyMs: number;
  /** Requests this rule has fired for so far. */
  hits: number;
}

/** What the edge does with one request: wait `latencyMs`, then answer `error` or pass it on. */
export interface FaultDecision {
  latencyMs: number;
  error?: AwsError;
}

type Check = (value: unknown) => string | undefined;

// Declarative validation: one check per field, each message names the field and echoes the value.
const FIELD_CHECKS: Record<keyof FaultRuleInput, Check> = {
  service: (value) => (typeof value === 'string' && /^[a-z0-9-]+$/.test(value) ? undefined : 'must be a service name such as kinesis, firehose, lambda, s3, iam, sts'),
  operation: (value) => (value === undefined || (typeof value === 'string' && /^(\*|[A-Za-z0-9]+)$/.test(value)) ? undefined : 'must be an AWS operation name such as PutRecords, or *'),
  error: (value) => (value === undefined || (typeof value === 'string' && /^[A-Za-z0-9.#:_]+$/.test(value)) ? undefined : 'must be an AWS error code such as ThrottlingException'),
  status: (value) => (value === undefined || (Number.isInteger(value) && (value as number) >= 400 && (value as number) <= 599) ? undefined : 'must be an HTTP status from 400 to 599'),
  message: (value) => (value === undefined || typeof value === 'string' ? undefined : 'must be a string'),
  count: (value) => (value === undefined || (Number.isInteger(value) && (value as number) >= 1) ? undefined : 'must be a whole number of at least 1'),
  probability: (value) => (value === undefined || (typeof value === 'number' && value >= 0 && value <= 1) ? undefined : 'must be a number from 0 to 1'),
  latencyMs: (value) => (value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 600_000) ? undefined : 'must be a number of milliseconds from 0 to 600000'),
};

/** Statuses AWS uses for the error codes users inject most, when a rule names no status. */
const DEFAULT_STATUS: Record<string, number> = {
  InternalError: 500, InternalFailure: 500, ServiceUnavailable: 503, ServiceUnavailableException: 503, SlowDown: 503,
  ServiceFailure: 500, TooManyRequestsException: 429, ThrottlingException: 400, ProvisionedThroughputExceededException: 400,
};

/** Pure: a validated rule, or an InvalidArgument AwsError naming every bad field. */
export function parseFaultRule(input: unknown, id: string): FaultRule {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new AwsError('InvalidArgument', `fault rule must be a JSON object, got ${JSON.stringify(input)}`);
  const body = input as Record<string, unknown>;
  const problems: string[] = [];
  for (const name of Object.keys(body)) if (!(name in FIELD_CHECKS)) problems.push(`unknown field "${name}"`);
  for (const [name, check] of Object.entries(FIELD_CHECKS)) {
    const problem = check(body[name]);
    if (problem) problems.push(`"${name}" ${problem}, got ${JSON.stringify(body[name])}`);
  }
  if (body.count !== undefined && body.probability !== undefined) problems.push('give "count" or "probability", not both');
  if (body.error === undefined && body.latencyMs === undefined) problems.push('give "error", "latencyMs" or both');
  if (problems.length > 0) throw new AwsError('InvalidArgument', `fault rule: ${problems.join('; ')}`);
  const rule = body as unknown as FaultRuleInput;
  return {
    id,
    service: rule.service,
    operation: rule.operation ?? '*',
    ...(rule.error === undefined ? {} : { error: rule.error }),
    status: rule.status ?? DEFAULT_STATUS[rule.error ?? ''] ?? 400,
    message: rule.message ?? (rule.error ? `hosepipe injected ${rule.error}` : ''),
    ...(rule.count === undefined ? {} : { count: rule.count }),
    ...(rule.probability === undefined ? {} : { probability: rule.probability }),
    latencyMs: rule.latencyMs ?? 0,
    hits: 0,
  };
}

export interface FaultRules {
  add(input: unknown): FaultRule;
  /** Adds all rules or, when any is invalid, none. */
  addAll(inputs: readonly unknown[]): FaultRule[];
  clear(): void;
  list(): FaultRule[];
  /** True when some rule names this service, so the edge can skip all fault work otherwise. */
  covers(service: string): boolean;
  /** Decides for one request and counts the hit; undefined when no rule fires. */
  decide(service: string, operation: string | undefined): FaultDecision | undefined;
}

/**
 * Fault rules of one edge server. Rules are tried in the order added; the first that fires
 * decides. A `count` rule is spent after N hits and stays listed with its hits.
 */
export function createFaultRules(random: () => number = Math.random): FaultRules {
  const rules: FaultRule[] = [];
  let nextId = 1;
  return {
    add(input) {
      const rule = parseFaultRule(input, `fault-${nextId++}`);
      rules.push(rule);
      return { ...rule };
    },
    addAll(inputs) {
      const parsed = inputs.map((input, index) => parseFaultRule(input, `fault-${nextId + index}`));
      nextId += parsed.length;
      rules.push(...parsed);
      return parsed.map((rule) => ({ ...rule }));
    },
    clear() {
      rules.length = 0;
    },
    list: () => rules.map((rule) => ({ ...rule })),
    covers: (service) => rules.some((rule) => rule.service === service),
    decide(service, operation) {
      for (const rule of rules) {
        if (rule.service !== service || (rule.operation !== '*' && rule.operation !== operation)) continue;
        if (rule.count !== undefined && rule.hits >= rule.count) continue;
        if (rule.probability !== undefined && random() >= rule.probability) continue;
        rule.hits++;
        return {
          latencyMs: rule.latencyMs,
          ...(rule.error === undefined ? {} : { error: new AwsError(rule.error, rule.message, rule.status) }),
        };
      }
      return undefined;
    },
  };
}
