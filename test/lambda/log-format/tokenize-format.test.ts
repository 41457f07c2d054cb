import test from 'ava';
import { tokenizeLogFormat } from '../../../lambda/log-format/tokenize-format.js';

test('tokenizeLogFormat splits literals from $name and ${name} variables', (t) => {
  t.deepEqual(tokenizeLogFormat('[$time_local] ${host}:$server_port-x'), [
    { kind: 'literal', text: '[' },
    { kind: 'variable', name: 'time_local' },
    { kind: 'literal', text: '] ' },
    { kind: 'variable', name: 'host' },
    { kind: 'literal', text: ':' },
    { kind: 'variable', name: 'server_port' },
    { kind: 'literal', text: '-x' },
  ]);
});

test('tokenizeLogFormat ends a name at the first character that is not a letter, digit or underscore', (t) => {
  t.deepEqual(tokenizeLogFormat('$http_x_request_id.log'), [
    { kind: 'variable', name: 'http_x_request_id' },
    { kind: 'literal', text: '.log' },
  ]);
});
