import test from 'ava';
import { LogFormatError, MAIN_LOG_FORMAT, parseLogLine } from '../../../lambda/log-format/index.js';

const LINE = '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"';

test('parseLogLine reads combined by default', (t) => {
  t.like(parseLogLine(LINE), { ok: true, fields: { status: 200, uri: '/' } });
});

test('parseLogLine takes a format name or a format string', (t) => {
  t.like(parseLogLine(`${LINE} "1.2.3.4"`, 'main'), { ok: true, fields: { http_x_forwarded_for: '1.2.3.4' } });
  t.like(parseLogLine(`${LINE} "1.2.3.4"`, MAIN_LOG_FORMAT), { ok: true });
  t.like(parseLogLine('{"s":200}', '{"s":$status}', 'json'), { ok: true, fields: { status: 200 } });
});

test('parseLogLine refuses an unknown format name', (t) => {
  t.throws(() => parseLogLine(LINE, 'apache'), { instanceOf: LogFormatError, message: /unknown log format name "apache"/ });
});
