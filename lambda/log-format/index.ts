export { compileJsonLineWriter, type JsonLineWriter, type JsonLineWriterOptions } from './compile-json-writer.js';
export { compileLogFormat, type LogFields, type LogFormatParser, type ParsedLine } from './compile-log-format.js';
export type { FieldValue } from './convert-value.js';
export { LOG_ESCAPES, escapeLikeNginx, type LogEscape } from './decode-value.js';
export { LogFormatError } from './errors.js';
export {
  COMBINED_LOG_FORMAT,
  MAIN_LOG_FORMAT,
  resolveLogFormat,
  type LogFormatName,
  type ResolvedLogFormat,
} from './format-names.js';
export { parseLogLine } from './parse-log-line.js';
export { splitRequest, type RequestParts } from './split-request.js';
export { parseTimeLocal, type EventTime } from './time-local.js';
