/** ProcessingConfiguration → typed processors, with their parameter rules (reference §4.4–4.5). Pure. */
import type { ProcessingConfiguration } from '@aws-sdk/client-firehose';

export const DEFAULT_NUMBER_OF_RETRIES = 3;
/** UNCONFIRMED (§15.7): docs and current Terraform say 1 MB; older Terraform filtered 3. */
export const DEFAULT_LAMBDA_BUFFER_SIZE_IN_MBS = 1;
export const DEFAULT_LAMBDA_BUFFER_INTERVAL_IN_SECONDS = 60;
/** UNCONFIRMED: the maximum NumberOfRetries is not documented. */
export const MAX_NUMBER_OF_RETRIES = 300;
export const MAX_SUB_RECORDS = 500;

export interface LambdaProcessor {
  type: 'Lambda';
  lambdaArn: string;
  /** The role Firehose invokes the function as (the destination's role unless the RoleArn parameter names another). */
  roleArn?: string;
  numberOfRetries: number;
  bufferSizeBytes: number;
  bufferIntervalMs: number;
}
export interface DeAggregationProcessor { type: 'RecordDeAggregation'; subRecordType: 'JSON' | 'DELIMITED'; delimiter?: Buffer }
export interface MetadataExtractionProcessor { type: 'MetadataExtraction'; query: string; engine: string }
export interface AppendDelimiterProcessor { type: 'AppendDelimiterToRecord' }
export interface OtherProcessor { type: 'Decompression' | 'CloudWatchLogProcessing'; parameters: Record<string, string> }
export type ParsedProcessor = LambdaProcessor | DeAggregationProcessor | MetadataExtractionProcessor | AppendDelimiterProcessor | OtherProcessor;

export class ProcessorConfigError extends Error {}

function numberParam(parameters: Record<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = parameters[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ProcessorConfigError(`Processor parameter ${name} must be a number between ${min} and ${max}, got '${raw}'`);
  }
  return value;
}

/** Parses the processors in their configured order; throws ProcessorConfigError for invalid parameters. */
export function parseProcessors(config: ProcessingConfiguration | undefined): ParsedProcessor[] {
  if (!config || config.Enabled === false) return [];
  const seen = new Set<string>();
  return (config.Processors ?? []).map((processor) => {
    const type = processor.Type as string;
    if (seen.has(type)) throw new ProcessorConfigError(`Processor type ${type} may appear only once`);
    seen.add(type);
    const parameters: Record<string, string> = {};
    for (const parameter of processor.Parameters ?? []) {
      if (parameter.ParameterName) parameters[parameter.ParameterName] = parameter.ParameterValue ?? '';
    }
    switch (type) {
      case 'Lambda': {
        const lambdaArn = parameters.LambdaArn;
        if (!lambdaArn) throw new ProcessorConfigError('Lambda processor requires the LambdaArn parameter');
        const retries = numberParam(parameters, 'NumberOfRetries', DEFAULT_NUMBER_OF_RETRIES, 0, MAX_NUMBER_OF_RETRIES);
        if (!Number.isInteger(retries)) throw new ProcessorConfigError(`Processor parameter NumberOfRetries must be an integer, got '${parameters.NumberOfRetries}'`);
        return {
          type: 'Lambda',
          lambdaArn,
          ...(parameters.RoleArn ? { roleArn: parameters.RoleArn } : {}),
          numberOfRetries: retries,
          bufferSizeBytes: Math.round(numberParam(parameters, 'BufferSizeInMBs', DEFAULT_LAMBDA_BUFFER_SIZE_IN_MBS, 0.2, 3) * 1024 * 1024),
          bufferIntervalMs: numberParam(parameters, 'BufferIntervalInSeconds', DEFAULT_LAMBDA_BUFFER_INTERVAL_IN_SECONDS, 0, 900) * 1000,
        };
      }
      case 'RecordDeAggregation': {
        const subRecordType = parameters.SubRecordType ?? 'JSON';
        if (subRecordType !== 'JSON' && subRecordType !== 'DELIMITED') {
          throw new ProcessorConfigError(`Processor parameter SubRecordType must be JSON or DELIMITED, got '${subRecordType}'`);
        }
        if (subRecordType === 'DELIMITED') {
          const delimiter = parameters.Delimiter;
          if (!delimiter) throw new ProcessorConfigError('RecordDeAggregation with SubRecordType DELIMITED requires the Delimiter parameter');
          return { type: 'RecordDeAggregation', subRecordType, delimiter: Buffer.from(delimiter, 'base64') };
        }
        return { type: 'RecordDeAggregation', subRecordType };
      }
      case 'MetadataExtraction': {
        const query = parameters.MetadataExtractionQuery;
        if (!query) throw new ProcessorConfigError('MetadataExtraction processor requires the MetadataExtractionQuery parameter');
        const engine = parameters.JsonParsingEngine ?? 'JQ-1.6';
        if (engine !== 'JQ-1.6') throw new ProcessorConfigError(`Processor parameter JsonParsingEngine must be JQ-1.6, got '${engine}'`);
        return { type: 'MetadataExtraction', query, engine };
      }
      case 'AppendDelimiterToRecord':
        return { type: 'AppendDelimiterToRecord' };
      default:
        return { type: type as OtherProcessor['type'], parameters };
    }
  });
}

export function findProcessor<T extends ParsedProcessor['type']>(processors: ParsedProcessor[], type: T): Extract<ParsedProcessor, { type: T }> | undefined {
  return processors.find((processor) => processor.type === type) as Extract<ParsedProcessor, { type: T }> | undefined;
}
