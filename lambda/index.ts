export { TRANSFORM_BUNDLE_FILE, TRANSFORM_HANDLER, TRANSFORM_RUNTIME, buildTransformZip, type TransformZip } from './build.js';
export { createTransformHandler, type TransformLogger } from './create-handler.js';
export { matchesDropRule, type DropRule } from './drop-rules.js';
export {
  TRANSFORM_ENV,
  readTransformConfig,
  transformEnvironment,
  type TransformConfig,
  type TransformSettings,
} from './environment.js';
export { TransformConfigError } from './errors.js';
export {
  COMBINED_LOG_FORMAT,
  LOG_ESCAPES,
  LogFormatError,
  MAIN_LOG_FORMAT,
  compileLogFormat,
  parseLogLine,
  resolveLogFormat,
  type FieldValue,
  type LogEscape,
  type LogFields,
  type LogFormatName,
  type LogFormatParser,
  type ParsedLine,
  type ResolvedLogFormat,
} from './log-format/index.js';
export { isTimeZoneName, partitionKeys, type PartitionKeys } from './partition-keys.js';
export { transformRecords, type RecordFailure } from './transform-records.js';
export type {
  FirehoseKinesisRecordMetadata,
  FirehoseRecordTransformationStatus,
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationHandler,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from './types.js';
