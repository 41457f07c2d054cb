/** nginx's built-in `combined` format (ngx_http_log_module.c); nginx refuses to redefine it. */
export const COMBINED_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

/** The `main` format from the nginx.conf that distributions ship: combined plus the forwarded-for header. */
export const MAIN_LOG_FORMAT = `${COMBINED_LOG_FORMAT} "$http_x_forwarded_for"`;

/** Names accepted wherever a log format is configured, besides a literal format string. */
export type LogFormatName = 'combined' | 'main' | 'custom';

/** A log format as both sides of the pipeline must see it: the nginx config writes `format` verbatim. */
export interface ResolvedLogFormat {
  readonly name: LogFormatName;
  readonly format: string;
}

const NAMED_FORMATS: Record<string, string> = { combined: COMBINED_LOG_FORMAT, main: MAIN_LOG_FORMAT };

/**
 * Turns a format name (`combined`, `main`) or a `log_format` string into the exact string to give
 * nginx (as `log_format hosepipe '<format>'`) and to compile the parser from, so the two cannot drift.
 * Returns undefined for a bare word that names no known format.
 */
export function resolveLogFormat(nameOrFormat: string): ResolvedLogFormat | undefined {
  const named = NAMED_FORMATS[nameOrFormat];
  if (named !== undefined) return { name: nameOrFormat as LogFormatName, format: named };
  // A string without any variable is a typo'd name, never a useful format.
  if (!nameOrFormat.includes('$')) return undefined;
  return { name: 'custom', format: nameOrFormat };
}
