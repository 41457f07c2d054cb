import test from 'ava';
import { variableKind, type VariableKind } from '../../../lambda/log-format/variable-kinds.js';

const kindOf = test.macro({
  exec(t, name: string, kind: VariableKind) {
    t.is(variableKind(name), kind);
  },
  title: (_provided, name: string, kind: VariableKind) => `variableKind types $${name} as ${kind}`,
});

test(kindOf, 'status', 'integer');
test(kindOf, 'body_bytes_sent', 'integer');
test(kindOf, 'request_length', 'integer');
test(kindOf, 'request_time', 'number');
test(kindOf, 'msec', 'number');
test(kindOf, 'upstream_response_time', 'upstream-list');
test(kindOf, 'time_local', 'time-local');
test(kindOf, 'time_iso8601', 'time-iso8601');
test(kindOf, 'request', 'request');
test(kindOf, 'http_user_agent', 'string');
test(kindOf, 'sent_http_content_type', 'string');
