import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';

const prefixName = z.enum(['success', 'error', 'backup']);

const httpStep = z
  .object({
    http: z
      .object({
        path: z.string().startsWith('/').default('/'),
        method: z.string().default('GET'),
        count: z.number().int().min(1).max(100_000).default(1),
        headers: z.record(z.string(), z.string()).default({}),
        /** Adds `?hp=<n>` (or `&hp=<n>`) so every request's line is unique and traceable. */
        unique: z.boolean().default(true),
      })
      .strict(),
  })
  .strict();

const tcpStep = z
  .object({
    tcp: z
      .object({
        /** Raw bytes, base64; nginx logs what it could read of them with \xHH escapes. */
        base64: z.string().optional(),
        text: z.string().optional(),
      })
      .strict()
      .refine((value) => (value.base64 === undefined) !== (value.text === undefined), { message: 'give exactly one of base64 or text' }),
  })
  .strict();

const appendStep = z.object({ append: z.object({ lines: z.array(z.string()).min(1) }).strict() }).strict();
const drainStep = z.object({ drain: z.object({}).strict().nullable().default({}) }).strict();
const restartAgentStep = z.object({ restartAgent: z.object({}).strict().nullable().default({}) }).strict();
const killAgentStep = z.object({ killAgent: z.object({}).strict().nullable().default({}) }).strict();
const startAgentStep = z.object({ startAgent: z.object({}).strict().nullable().default({}) }).strict();
const rotateStep = z.object({ rotate: z.object({ mode: z.enum(['rename', 'copytruncate']) }).strict() }).strict();
const faultStep = z
  .object({
    fault: z
      .object({
        service: z.string().regex(/^[a-z0-9-]+$/),
        /** The AWS operation name, e.g. PutRecords, Invoke, PutObject; `*` or absent: every operation. */
        operation: z.string().min(1).optional(),
        error: z.string().min(1).optional(),
        message: z.string().optional(),
        status: z.number().int().min(400).max(599).optional(),
        count: z.number().int().min(1).optional(),
        probability: z.number().gt(0).max(1).optional(),
        latencyMs: z.number().int().min(0).optional(),
      })
      .strict()
      .refine((value) => value.count === undefined || value.probability === undefined, { message: 'give count or probability, not both' })
      .refine((value) => value.error !== undefined || value.latencyMs !== undefined, { message: 'give an error, a latencyMs, or both' }),
  })
  .strict();
const clearFaultsStep = z.object({ clearFaults: z.object({}).strict().nullable().default({}) }).strict();
const restartEndpointStep = z
  .object({ restartEndpoint: z.object({ downMs: z.number().int().min(0).max(60_000).default(0) }).strict().nullable().default({ downMs: 0 }) })
  .strict();
const appendRawStep = z
  .object({ appendRaw: z.object({ text: z.string().min(1), /** Write `text` this many times (for long lines). */ repeat: z.number().int().min(1).max(16_777_216).default(1) }).strict() })
  .strict();
const loadStep = z
  .object({
    load: z
      .object({
        path: z.string().startsWith('/').default('/'),
        count: z.number().int().min(1).max(1_000_000),
        concurrency: z.number().int().min(1).max(256).default(8),
        /** Requests per second over all connections; unset = as fast as nginx answers. */
        rate: z.number().positive().optional(),
      })
      .strict(),
  })
  .strict();
const waitStep = z
  .object({
    wait: z.union([
      z.object({ ms: z.number().int().min(1).max(60_000) }).strict(),
      /** Until the endpoint's fault rules have fired this many times in all (a readiness wait, not a sleep). */
      z.object({ faultHits: z.number().int().min(1), timeoutMs: z.number().int().min(1).max(120_000).default(60_000) }).strict(),
    ]),
  })
  .strict();

export const stepSchema = z.union([
  httpStep, tcpStep, appendStep, drainStep, restartAgentStep, killAgentStep, startAgentStep, rotateStep,
  faultStep, clearFaultsStep, restartEndpointStep, appendRawStep, loadStep, waitStep,
]);

const expectation = z.union([
  z.object({ objects: z.object({ prefix: prefixName, min: z.number().int().min(0).default(1), keyPattern: z.string().optional() }).strict() }).strict(),
  z
    .object({
      records: z
        .object({
          prefix: z.literal('success').default('success'),
          /**
           * Instead of Firehose's success prefix: the JSON-lines objects under this key prefix, such as the ones
           * a team's own transform function writes itself.
           */
          under: z.string().min(1).max(1024).optional(),
          count: z.number().int().min(0).optional(),
          /** Every record matching `where` (partial JSON) must also match `match`. */
          where: z.record(z.string(), z.unknown()).default({}),
          match: z.record(z.string(), z.unknown()).default({}),
          /** Records whose key partition must equal the record's own time partition. */
          partitionedByEventTime: z.boolean().default(false),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      errors: z
        .object({
          count: z.number().int().min(0).optional(),
          errorCode: z.string().optional(),
          rawContains: z.array(z.string()).default([]),
        })
        .strict(),
    })
    .strict(),
  z.object({ accounting: z.object({ lines: z.number().int().min(0).optional() }).strict() }).strict(),
  /** The injected faults really fired (GET /_hosepipe/faults hits, summed over the run). */
  z.object({ faults: z.object({ minHits: z.number().int().min(1).default(1) }).strict() }).strict(),
  z
    .object({
      audit: z
        .object({
          lines: z.number().int().min(0).optional(),
          failed: z.number().int().min(0).optional(),
          dropped: z.number().int().min(0).optional(),
          /** At-least-once: how many lines may arrive twice (a resent in-flight batch). */
          maxDuplicated: z.number().int().min(0).default(0),
        })
        .strict()
        .nullable()
        .default({ maxDuplicated: 0 }),
    })
    .strict(),
]);

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** hosepipe.yaml overrides for this scenario's stack (merged over the defaults). */
    pipeline: z.record(z.string(), z.unknown()).default({}),
    /** Record the normalised bucket contents in `<file>.snapshot.json` and compare later runs with it. */
    snapshot: z.boolean().default(false),
    steps: z.array(stepSchema).min(1),
    expect: z.array(expectation).min(1),
    /**
     * Against a target without hosepipe's admin API (AWS, or the endpoint standing in for it): how long the scenario may
     * wait in all for Firehose's own buffer intervals to deliver. Unset: derived from the delivery stream's intervals.
     */
    budget: z.object({ seconds: z.number().int().min(1).max(3600) }).strict().optional(),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema> & { file: string };
export type ScenarioStep = z.infer<typeof stepSchema>;
export type ScenarioExpectation = z.infer<typeof expectation>;

/** Reads and validates one `*.scenario.yaml`; errors name the file and the field path. */
export function loadScenario(file: string): Scenario {
  const document: unknown = parseYaml(readFileSync(file, 'utf8'));
  const result = scenarioSchema.safeParse(document);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new Error(`${basename(file)}: ${issues.join('; ')}`);
  }
  return { ...result.data, file };
}
