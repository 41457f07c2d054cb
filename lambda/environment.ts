import { matchesDropRule, validateDropRules, type DropRule } from './drop-rules.js';
import { TransformConfigError } from './errors.js';
import {
  LOG_ESCAPES,
  compileJsonLineWriter,
  compileLogFormat,
  resolveLogFormat,
  type JsonLineWriter,
  type LogEscape,
  type LogFormatParser,
  type ResolvedLogFormat,
} from './log-format/index.js';
import { assertTimeZone } from './partition-keys.js';

/** The environment variables the transform function reads, once, at load. */
export const TRANSFORM_ENV = {
  logFormat: 'HOSEPIPE_LOG_FORMAT',
  escape: 'HOSEPIPE_LOG_ESCAPE',
  timeZone: 'HOSEPIPE_TIME_ZONE',
  dropRules: 'HOSEPIPE_DROP_RULES',
} as const;

/** What a deployment chooses about the transform; each field becomes one environment variable. */
export interface TransformSettings {
  /** `combined`, `main`, or a `log_format` string. Default `combined`. */
  logFormat?: string;
  /** nginx's `escape=` for that format. Default `default`. */
  escape?: LogEscape;
  /** IANA zone for the partition keys. Default `UTC`. */
  timeZone?: string;
  dropRules?: DropRule[];
}

/** Everything the handler needs, validated and compiled. */
export interface TransformConfig {
  readonly logFormat: ResolvedLogFormat;
  readonly parser: LogFormatParser;
  /** The shortcut for common lines; undefined when the format or escape mode rules it out. */
  readonly writer: JsonLineWriter | undefined;
  readonly timeZone: string;
  readonly dropRules: readonly DropRule[];
  /** The fields the drop rules read. */
  readonly dropRuleFields: readonly string[];
  /** True when the parsed line matches a drop rule. */
  shouldDrop(fields: Parameters<typeof matchesDropRule>[0]): boolean;
}

type Environment = Readonly<Record<string, string | undefined>>;

// An empty variable means "not set": deployment tools often cannot delete a variable, only blank it.
const readVariable = (env: Environment, name: string): string | undefined => {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
};

const readLogFormat = (env: Environment, escape: LogEscape): { logFormat: ResolvedLogFormat; parser: LogFormatParser } => {
  const value = readVariable(env, TRANSFORM_ENV.logFormat) ?? 'combined';
  const logFormat = resolveLogFormat(value);
  if (logFormat === undefined) {
    throw new TransformConfigError(TRANSFORM_ENV.logFormat, value, 'expected "combined", "main" or a log_format string with $variables');
  }
  try {
    return { logFormat, parser: compileLogFormat(logFormat.format, escape) };
  } catch (error) {
    throw new TransformConfigError(TRANSFORM_ENV.logFormat, value, (error as Error).message, { cause: error });
  }
};

const readEscape = (env: Environment): LogEscape => {
  const value = readVariable(env, TRANSFORM_ENV.escape) ?? 'default';
  if (!(LOG_ESCAPES as readonly string[]).includes(value)) {
    throw new TransformConfigError(TRANSFORM_ENV.escape, value, `expected one of ${LOG_ESCAPES.join(', ')}`);
  }
  return value as LogEscape;
};

const readTimeZone = (env: Environment): string => {
  const value = readVariable(env, TRANSFORM_ENV.timeZone) ?? 'UTC';
  try {
    assertTimeZone(value);
  } catch (error) {
    throw new TransformConfigError(TRANSFORM_ENV.timeZone, value, 'expected an IANA time zone such as UTC or Asia/Seoul', { cause: error });
  }
  return value;
};

const readDropRules = (env: Environment, fields: readonly string[]): DropRule[] => {
  const value = readVariable(env, TRANSFORM_ENV.dropRules);
  if (value === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new TransformConfigError(TRANSFORM_ENV.dropRules, value, `not JSON (${(error as Error).message})`, { cause: error });
  }
  const rules = validateDropRules(parsed, fields);
  if (typeof rules === 'string') throw new TransformConfigError(TRANSFORM_ENV.dropRules, value, rules);
  return rules;
};

/**
 * Reads and validates the transform's configuration from environment variables (see TRANSFORM_ENV).
 * Throws TransformConfigError naming the variable and its value when one is unusable.
 */
export function readTransformConfig(env: Environment): TransformConfig {
  const escape = readEscape(env);
  const { logFormat, parser } = readLogFormat(env, escape);
  const timeZone = readTimeZone(env);
  const dropRules = readDropRules(env, parser.fields);
  const shouldDrop = dropRules.length === 0 ? () => false : (fields: Parameters<typeof matchesDropRule>[0]) => matchesDropRule(fields, dropRules);
  // Only drop rules read a written line's fields (see transform-records.ts).
  const writer = compileJsonLineWriter(logFormat.format, escape, { fieldValues: dropRules.length > 0 });
  const dropRuleFields = [...new Set(dropRules.map((rule) => rule.field))];
  return { logFormat, parser, writer, timeZone, dropRules, dropRuleFields, shouldDrop };
}

/**
 * The environment variables that configure the transform function for `settings`; validated the
 * same way the function validates them at load, so a bad setting fails at provisioning time.
 */
export function transformEnvironment(settings: TransformSettings): Record<string, string> {
  const env: Record<string, string> = {
    [TRANSFORM_ENV.logFormat]: settings.logFormat ?? 'combined',
    [TRANSFORM_ENV.escape]: settings.escape ?? 'default',
    [TRANSFORM_ENV.timeZone]: settings.timeZone ?? 'UTC',
  };
  if (settings.dropRules !== undefined && settings.dropRules.length > 0) env[TRANSFORM_ENV.dropRules] = JSON.stringify(settings.dropRules);
  readTransformConfig(env);
  return env;
}
