/**
 * Prefix / ErrorOutputPrefix expressions (`!{namespace:value}`): parsing, the create-time rules of
 * reference §6, the effective prefixes of §5–7, and evaluation. Pure: time, randomness and keys are inputs.
 */
import { formatJavaDate, parseJavaDatePattern } from './date-format.js';

export type PrefixToken =
  | { kind: 'literal'; text: string }
  | { kind: 'timestamp'; pattern: string }
  | { kind: 'firehose'; value: 'random-string' | 'error-output-type' }
  | { kind: 'partitionKeyFromQuery' | 'partitionKeyFromLambda'; key: string };

/** Real AWS prefixes its prefix-rule messages this way (typo included) [OBS: serverless #6015, TF PR #13416]. */
export const PREFIX_RULE_MESSAGE_START = 'Ths supplied prefix(es) do not satisfy the following constraint: ';

/**
 * UNCONFIRMED (reference §15.2): the default time prefix is appended only to a Prefix with no expression at all.
 * A Prefix with any expression (partition keys, random-string) gets nothing appended, as the DP doc sample shows.
 */
export const APPEND_DEFAULT_TIME_PREFIX_ONLY_WITHOUT_EXPRESSIONS = true;
export const DEFAULT_TIME_PREFIX = 'yyyy/MM/dd/HH/';
/** UNCONFIRMED (§7): error location when ErrorOutputPrefix is unset: `<Prefix><type>/yyyy/MM/dd/HH/`. */
export const DEFAULT_ERROR_PREFIX_SUFFIX = '/yyyy/MM/dd/HH/';
export const RANDOM_STRING_LENGTH = 11;
export const MAX_EVALUATED_PREFIX_LENGTH = 512;

export class PrefixSyntaxError extends Error {}

const EXPRESSION = /^([A-Za-z]+):(.*)$/s;

/** Splits a prefix into literals and expressions; throws PrefixSyntaxError for rule 1 and unknown namespaces. */
export function parsePrefix(prefix: string): PrefixToken[] {
  const tokens: PrefixToken[] = [];
  let rest = prefix;
  while (rest.length > 0) {
    const start = rest.indexOf('!{');
    if (start === -1) {
      tokens.push({ kind: 'literal', text: rest });
      break;
    }
    if (start > 0) tokens.push({ kind: 'literal', text: rest.slice(0, start) });
    const end = rest.indexOf('}', start);
    if (end === -1) throw new PrefixSyntaxError(`'!{' must be the start of a valid expression: ${prefix}`);
    const body = rest.slice(start + 2, end);
    const match = EXPRESSION.exec(body);
    if (!match) throw new PrefixSyntaxError(`'!{${body}}' is not a valid expression`);
    tokens.push(toToken(match[1] as string, match[2] as string));
    rest = rest.slice(end + 1);
  }
  return tokens;
}

function toToken(namespace: string, value: string): PrefixToken {
  switch (namespace) {
    case 'timestamp':
      try {
        parseJavaDatePattern(value);
      } catch (cause) {
        throw new PrefixSyntaxError(`'!{timestamp:${value}}' is not a valid DateTimeFormatter pattern: ${(cause as Error).message}`);
      }
      return { kind: 'timestamp', pattern: value };
    case 'firehose':
      if (value === 'random-string' || value === 'error-output-type') return { kind: 'firehose', value };
      throw new PrefixSyntaxError(`'!{firehose:${value}}' is not a valid expression`);
    case 'partitionKeyFromQuery':
    case 'partitionKeyFromLambda':
      if (value.length === 0) throw new PrefixSyntaxError(`'!{${namespace}:}' needs a key name`);
      return { kind: namespace, key: value };
    default:
      throw new PrefixSyntaxError(`'!{${namespace}:${value}}' uses an unknown namespace`);
  }
}

const hasExpression = (tokens: PrefixToken[]): boolean => tokens.some((token) => token.kind !== 'literal');
const isPartitionKey = (token: PrefixToken): boolean => token.kind === 'partitionKeyFromLambda' || token.kind === 'partitionKeyFromQuery';

export interface PrefixSettings {
  prefix?: string | undefined;
  errorOutputPrefix?: string | undefined;
  dynamicPartitioning: boolean;
}

/** The create/update-time prefix rules (reference §6 rules 1–4 and 8); returns the violated constraints. */
export function checkPrefixRules(settings: PrefixSettings): string[] {
  const problems: string[] = [];
  let prefixTokens: PrefixToken[] = [];
  let errorTokens: PrefixToken[] = [];
  try {
    prefixTokens = parsePrefix(settings.prefix ?? '');
  } catch (error) {
    problems.push(`Prefix is not valid: ${(error as Error).message}`);
  }
  try {
    errorTokens = parsePrefix(settings.errorOutputPrefix ?? '');
  } catch (error) {
    problems.push(`ErrorOutputPrefix is not valid: ${(error as Error).message}`);
  }
  if (problems.length > 0) return problems;
  const errorPrefixSet = (settings.errorOutputPrefix ?? '') !== '';
  if (prefixTokens.some((token) => token.kind === 'firehose' && token.value === 'error-output-type')) {
    problems.push('Prefix cannot contain !{firehose:error-output-type}');
  }
  if (hasExpression(errorTokens) && !errorTokens.some((token) => token.kind === 'firehose' && token.value === 'error-output-type')) {
    problems.push('ErrorOutputPrefix must contain !{firehose:error-output-type} when it contains expressions');
  }
  if (errorTokens.some(isPartitionKey)) {
    problems.push('ErrorOutputPrefix cannot contain partitionKeyFromQuery or partitionKeyFromLambda expressions');
  }
  if (hasExpression(prefixTokens) && !errorPrefixSet) {
    problems.push('ErrorOutputPrefix cannot be null or empty when Prefix contains expressions');
  }
  if (prefixTokens.some(isPartitionKey) && !settings.dynamicPartitioning) {
    problems.push('Prefix can contain partitionKeyFromQuery or partitionKeyFromLambda expressions only when dynamic partitioning is enabled');
  }
  if (settings.dynamicPartitioning && !errorPrefixSet) {
    problems.push('ErrorOutputPrefix cannot be null or empty when dynamic partitioning is enabled');
  }
  if (settings.dynamicPartitioning && !prefixTokens.some(isPartitionKey)) {
    problems.push('Prefix must contain at least one partitionKeyFromQuery or partitionKeyFromLambda expression when dynamic partitioning is enabled');
  }
  return problems;
}

/** The prefix actually used for delivered objects: rule 6 (literal append of the default time prefix). */
export function effectivePrefix(prefix: string | undefined): PrefixToken[] {
  const tokens = parsePrefix(prefix ?? '');
  const needsTime = APPEND_DEFAULT_TIME_PREFIX_ONLY_WITHOUT_EXPRESSIONS
    ? !hasExpression(tokens)
    : !tokens.some((token) => token.kind === 'timestamp');
  return needsTime ? [...tokens, { kind: 'timestamp', pattern: DEFAULT_TIME_PREFIX }] : tokens;
}

/** The prefix used for error output; without an ErrorOutputPrefix, `<Prefix><type>/yyyy/MM/dd/HH/` (§7). */
export function effectiveErrorPrefix(prefix: string | undefined, errorOutputPrefix: string | undefined): PrefixToken[] {
  if ((errorOutputPrefix ?? '') !== '') return parsePrefix(errorOutputPrefix as string);
  return [
    ...parsePrefix(prefix ?? ''),
    { kind: 'firehose', value: 'error-output-type' },
    { kind: 'timestamp', pattern: DEFAULT_ERROR_PREFIX_SUFFIX },
  ];
}

export interface PrefixValues {
  /** Arrival time of the oldest record in the object; every timestamp expression uses this one instant. */
  timestampMs: number;
  timeZone: string;
  errorOutputType?: string;
  lambdaKeys?: Record<string, string>;
  queryKeys?: Record<string, string>;
  randomString: () => string;
}

export class PrefixEvaluationError extends Error {}

/** Evaluates a parsed prefix; throws PrefixEvaluationError for a missing partition key or an over-long result. */
export function evaluatePrefix(tokens: PrefixToken[], values: PrefixValues): string {
  const text = tokens.map((token) => {
    switch (token.kind) {
      case 'literal': return token.text;
      case 'timestamp': return formatJavaDate(token.pattern, values.timestampMs, values.timeZone);
      case 'firehose':
        if (token.value === 'random-string') return values.randomString();
        if (values.errorOutputType === undefined) throw new PrefixEvaluationError('!{firehose:error-output-type} is only valid in ErrorOutputPrefix');
        return values.errorOutputType;
      case 'partitionKeyFromLambda':
      case 'partitionKeyFromQuery': {
        const keys = token.kind === 'partitionKeyFromLambda' ? values.lambdaKeys : values.queryKeys;
        const value = keys?.[token.key];
        if (value === undefined) throw new PrefixEvaluationError(`Partition key '${token.key}' (${token.kind}) was not found for the record`);
        return value;
      }
    }
  }).join('');
  if (text.length > MAX_EVALUATED_PREFIX_LENGTH) {
    throw new PrefixEvaluationError(`The evaluated prefix is ${text.length} characters long; at most ${MAX_EVALUATED_PREFIX_LENGTH} are allowed`);
  }
  return text;
}

/** The part of a prefix that decides which buffer ("active partition") a record joins: its partition keys. */
export function partitionKeyOf(tokens: PrefixToken[], lambdaKeys?: Record<string, string>, queryKeys?: Record<string, string>): string {
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'partitionKeyFromLambda' || token.kind === 'partitionKeyFromQuery') {
      const keys = token.kind === 'partitionKeyFromLambda' ? lambdaKeys : queryKeys;
      const value = keys?.[token.key];
      if (value === undefined) throw new PrefixEvaluationError(`Partition key '${token.key}' (${token.kind}) was not found for the record`);
      parts.push(`${token.kind}:${token.key}=${value}`);
    }
  }
  return parts.join('\u0000');
}

type PartitionKeyToken = Extract<PrefixToken, { kind: 'partitionKeyFromQuery' | 'partitionKeyFromLambda' }>;

/**
 * partitionKeyOf for one prefix, remembering the last record's values: consecutive records mostly
 * share a partition, and then get back the very string the last one got, whose hash the buffer map
 * has already computed (building and hashing a fresh one per record cost more than the lookup).
 */
export function partitionKeyReader(tokens: PrefixToken[]): (lambdaKeys?: Record<string, string>, queryKeys?: Record<string, string>) => string {
  const keyed = tokens.filter((token): token is PartitionKeyToken => token.kind === 'partitionKeyFromLambda' || token.kind === 'partitionKeyFromQuery');
  let lastValues: string[] = [];
  let lastPartition: string | undefined;
  const valueOf = (index: number, lambdaKeys?: Record<string, string>, queryKeys?: Record<string, string>): string => {
    const token = keyed[index]!;
    const value = (token.kind === 'partitionKeyFromLambda' ? lambdaKeys : queryKeys)?.[token.key];
    if (value === undefined) throw new PrefixEvaluationError(`Partition key '${token.key}' (${token.kind}) was not found for the record`);
    return value;
  };
  return (lambdaKeys, queryKeys) => {
    // The last record's values are compared first, with no array made for a record in the same partition.
    if (lastPartition !== undefined) {
      let index = 0;
      while (index < keyed.length && valueOf(index, lambdaKeys, queryKeys) === lastValues[index]) index += 1;
      if (index === keyed.length) return lastPartition;
    }
    const values = keyed.map((_, index) => valueOf(index, lambdaKeys, queryKeys));
    lastPartition = keyed.map((token, index) => `${token.kind}:${token.key}=${values[index]}`).join('\u0000');
    lastValues = values;
    return lastPartition;
  };
}

/** 11 random lowercase hex/alnum characters, fresh per occurrence (doc example `5abf82daaa5`). */
export function createRandomString(random: () => number = Math.random): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  let text = '';
  for (let index = 0; index < RANDOM_STRING_LENGTH; index += 1) text += alphabet[Math.floor(random() * alphabet.length)];
  return text;
}
