/**
 * How a variable's text becomes a JSON value. nginx logs everything as text; the kind is chosen by
 * the variable's name, like every nginx log parser does (there is no type information in the log).
 */
export type VariableKind =
  | 'string'
  | 'request'
  | 'integer'
  | 'number'
  | 'upstream-list'
  | 'time-local'
  | 'time-iso8601';

const INTEGER_VARIABLES = new Set([
  'status',
  'body_bytes_sent',
  'bytes_sent',
  'request_length',
  'connection',
  'connection_requests',
  'connections_active',
  'connections_reading',
  'connections_writing',
  'connections_waiting',
  'content_length',
  'pid',
  'remote_port',
  'server_port',
  'proxy_protocol_port',
  'proxy_protocol_server_port',
]);

const NUMBER_VARIABLES = new Set(['request_time', 'msec', 'gzip_ratio', 'session_time']);

// These hold one value per upstream tried, joined by ", " (and " : " across internal redirects).
const UPSTREAM_LIST_VARIABLES = new Set([
  'upstream_status',
  'upstream_response_time',
  'upstream_connect_time',
  'upstream_header_time',
  'upstream_queue_time',
  'upstream_response_length',
  'upstream_bytes_received',
  'upstream_bytes_sent',
  'upstream_first_byte_time',
  'upstream_session_time',
]);

/** The kind of a variable, from its name (without `$`). */
export function variableKind(name: string): VariableKind {
  if (name === 'request') return 'request';
  if (name === 'time_local') return 'time-local';
  if (name === 'time_iso8601') return 'time-iso8601';
  if (INTEGER_VARIABLES.has(name)) return 'integer';
  if (NUMBER_VARIABLES.has(name)) return 'number';
  if (UPSTREAM_LIST_VARIABLES.has(name)) return 'upstream-list';
  return 'string';
}
