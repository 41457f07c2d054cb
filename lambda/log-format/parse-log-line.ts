import { compileLogFormat, type ParsedLine } from './compile-log-format.js';
import type { LogEscape } from './decode-value.js';
import { LogFormatError } from './errors.js';
import { resolveLogFormat } from './format-names.js';

const parsers = new Map<string, ReturnType<typeof compileLogFormat>>();

/**
 * Parses one line of a named format (`combined`, `main`) or a `log_format` string, compiling each
 * format once. For a hot loop, hold on to compileLogFormat's parser instead.
 */
export function parseLogLine(line: string | Uint8Array, nameOrFormat = 'combined', escape: LogEscape = 'default'): ParsedLine {
  const key = `${escape}\n${nameOrFormat}`;
  let parser = parsers.get(key);
  if (parser === undefined) {
    const resolved = resolveLogFormat(nameOrFormat);
    if (resolved === undefined) throw new LogFormatError(`unknown log format name ${JSON.stringify(nameOrFormat)}`, nameOrFormat);
    parser = compileLogFormat(resolved.format, escape);
    parsers.set(key, parser);
  }
  return parser.parse(line);
}
