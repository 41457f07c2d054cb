import test from 'ava';
import { COMBINED_LOG_FORMAT, MAIN_LOG_FORMAT, resolveLogFormat } from '../../../lambda/log-format/index.js';

test('resolveLogFormat gives nginx the exact combined and main strings', (t) => {
  t.deepEqual(resolveLogFormat('combined'), { name: 'combined', format: COMBINED_LOG_FORMAT });
  t.deepEqual(resolveLogFormat('main'), { name: 'main', format: MAIN_LOG_FORMAT });
  t.is(MAIN_LOG_FORMAT, `${COMBINED_LOG_FORMAT} "$http_x_forwarded_for"`);
});

test('resolveLogFormat passes a format string through unchanged', (t) => {
  t.deepEqual(resolveLogFormat('$remote_addr $status'), { name: 'custom', format: '$remote_addr $status' });
});

test('resolveLogFormat knows no other names', (t) => {
  t.is(resolveLogFormat('combind'), undefined);
});
