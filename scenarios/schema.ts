import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

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

export const stepSchema = z.union([httpStep, tcpStep, appendStep, drainStep, restartAgentStep]);

const expectation = z.union([
  z.object({ objects: z.object({ prefix: prefixName, min: z.number().int().min(0).default(1), keyPattern: z.string().optional() }).strict() }).strict(),
  z
    .object({
      records: z
        .object({
          prefix: z.literal('success').default('success'),
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
]);

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** hosepipe.yaml overrides for this scenario's stack (merged over the defaults). */
    pipeline: z.record(z.string(), z.unknown()).default({}),
    steps: z.array(stepSchema).min(1),
    expect: z.array(expectation).min(1),
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
