import test from 'ava';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateCombinedLines } from '../../../bench/transform-lines.js';
import {
  COMBINED_LOG_FORMAT,
  MAIN_LOG_FORMAT,
  compileJsonLineWriter,
  compileLogFormat,
  type LogEscape,
} from '../../../lambda/log-format/index.js';
import { writeSource } from '../../../lambda/log-format/specialise-write.js';

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const CUSTOM_FORMAT = '$remote_addr [$time_iso8601] $msec "$request" $status $request_time "$upstream_response_time" "$upstream_status" ${host} $ssl_protocol';

const sameAsParser = test.macro({
  exec(t, format: string, lines: readonly string[], expectWritten: number) {
    const parser = compileLogFormat(format);
    const writer = compileJsonLineWriter(format, 'default');
    if (writer === undefined) return t.fail('no writer for escape=default');
    let written = 0;
    for (const line of lines) {
      const bytes = Buffer.from(line, 'utf8');
      const out = Buffer.alloc(writer.maxBytes(bytes.length) + 5, 0xff);
      const end = writer.write(bytes, bytes.length, out, 5);
      if (end < 0) continue;
      written += 1;
      const parsed = parser.parse(line);
      if (!parsed.ok) return t.fail(`writer accepted a line the parser rejects: ${line}`);
      const text = out.toString('utf8', 5, end);
      t.true(text.endsWith('}\n'));
      t.deepEqual(JSON.parse(text), parsed.fields, line);
      // Numbers aside (0.120 stays 0.120), the bytes are JSON.stringify's.
      if (!/\d\.\d*0\b/.test(line)) t.is(text, `${JSON.stringify(parsed.fields)}\n`, line);
      t.is(writer.eventTimeMs(), parsed.eventTimeMs, line);
      t.deepEqual(writer.fieldValues(parser.fields), parsed.fields, line);
    }
    t.is(written, expectWritten);
  },
  title: (provided = '') => `compileJsonLineWriter gives the parser's values for ${provided}`,
});

const combinedCorpus = generateCombinedLines(200_000, 7);
const escapedRequests = combinedCorpus.filter((line) => line.split('"')[1]?.includes('\\x')).length;
test('a generated mix of combined lines, declining only requests with \\xHH escapes', sameAsParser, COMBINED_LOG_FORMAT, combinedCorpus,
  combinedCorpus.length - escapedRequests);
const withUserAgent = (userAgent: string) => `10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1" 200 1 "-" "${userAgent}"`;
test('\\xHH escapes in text values, decoded and escaped for JSON', sameAsParser, COMBINED_LOG_FORMAT, [
  withUserAgent('NAVER(inapp; \\xED\\x95\\x9C\\xEA\\xB5\\xAD\\xEC\\x96\\xB4)'),
  withUserAgent('quote \\x22 backslash \\x5C end'),
  withUserAgent('newline\\x0Atab\\x09cr\\x0Dbs\\x08ff\\x0C nul\\x00 esc\\x1B del\\x7F'),
  withUserAgent('lowercase \\xc3\\xa9'),
  withUserAgent('not UTF-8 \\xFF\\xFE and \\x22'),
  withUserAgent('a truncated UTF-8 \\xED\\x95'),
  withUserAgent('a lone backslash \\ and \\x4 and \\xZZ at the end \\x'),
  withUserAgent('\\xF0\\x9F\\x9A\\x80'),
  withUserAgent('a surrogate \\xED\\xA0\\x80 is not UTF-8'),
  '10.0.0.1 - al\\x22ice [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1" 200 1 "https://example.com/\\xC3\\xA9" "-"',
  withUserAgent('an unescaped " quote'),
  withUserAgent('a raw byte \u00e9'),
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET /\\xC3\\xA9 HTTP/1.1" 200 1 "-" "-"',
], 10);
test('edge cases of the combined format', sameAsParser, COMBINED_LOG_FORMAT, [
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "-" 400 0 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "" 400 0 "-" "-"\r\n',
  '10.0.0.1 - alice smith [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1" 499 - "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET /" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET  HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1 x" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "get / HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "SSH-2.0-Go" 400 157 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1" 200 007 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1" 200 1 "-" "tab\there"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1" 200 1 "-" "Mozilla 東京"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1" 200 1 "-" "a" "b"',
  'garbage',
  '',
  // The literal after $time_local 26 bytes on, and before it too: declined, as the time is not a time.
  '10.0.0.1 - - [10/Mar/2024:02:30:0] "0900] "GET / HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +09000] "GET / HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +090] "GET / HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "',
], 8);
test('a $time_local followed by a literal that can begin inside a time', sameAsParser, '$remote_addr $time_local $status', [
  '10.0.0.1 10/Mar/2024:02:30:00 +0900 200',
  '10.0.0.1 10/Mar/2024:02:30:00 +0900',
], 0);
// The writer keeps the last $time_local it turned into ISO: each line here differs from the one before in one byte of it.
test('consecutive $time_local values that differ in one byte anywhere', sameAsParser, COMBINED_LOG_FORMAT, [
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0930] "GET / HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 -0930] "GET / HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:02:30:01 -0930] "GET / HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [10/Mar/2024:12:30:01 -0930] "GET / HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [20/Mar/2024:12:30:01 -0930] "GET / HTTP/1.1" 200 1 "-" "-"',
  '10.0.0.1 - - [20/Mar/2024:12:30:01 -0931] "GET / HTTP/1.1" 200 1 "-" "-"',
], 7);
test('the main format', sameAsParser, MAIN_LOG_FORMAT, [
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1" 200 1 "-" "ua" "203.0.113.1, 10.0.0.2"\n',
], 1);
test('a custom format with times, decimals and upstream lists', sameAsParser, CUSTOM_FORMAT, [
  '10.0.0.1 [2024-03-10T02:30:00+09:00] 1710005400.123 "GET /v1 HTTP/1.1" 200 0.012 "0.001, 0.010" "502, 200" api.example.com -',
  '10.0.0.1 [2024-03-10T02:30:00+09:00] 1710005400.000 "GET /v1 HTTP/1.1" 200 0.120 "0.004" "200" api.example.com TLSv1.3',
  '10.0.0.1 [2024-03-10T02:30:00+09:00] 1710005400.000 "GET /v1 HTTP/1.1" 200 0.120 "-" "-" api.example.com -',
  '10.0.0.1 [2024-03-10T02:30:00+09:00] 1710005400.000 "GET /v1 HTTP/1.1" 200 0.120 "00.1" "-" api.example.com -',
  '10.0.0.1 [2024-03-10 02:30:00] 1710005400.000 "GET /v1 HTTP/1.1" 200 0.120 "-" "-" api.example.com -',
], 3);

test('compileJsonLineWriter declines escape modes other than default and formats that log a variable twice', (t) => {
  for (const escape of ['json', 'none'] as LogEscape[]) t.is(compileJsonLineWriter(COMBINED_LOG_FORMAT, escape), undefined);
  t.is(compileJsonLineWriter('$status $status', 'default'), undefined);
  t.truthy(compileJsonLineWriter(COMBINED_LOG_FORMAT, 'default'));
  t.true(escapedRequests > 0, 'the corpus has escaped requests to decline');
});

test('compileJsonLineWriter stays within maxBytes for a request that is written twice', (t) => {
  const writer = compileJsonLineWriter(COMBINED_LOG_FORMAT, 'default');
  const line = Buffer.from(`10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET /${'a'.repeat(100_000)} HTTP/1.1" 200 1 "-" "-"`);
  const out = Buffer.alloc(writer?.maxBytes(line.length) ?? 0);
  const end = writer?.write(line, line.length, out, 0) ?? -1;
  t.is((JSON.parse(out.toString('utf8', 0, end)) as { uri: string }).uri.length, 100_001);
});

// write() is compiled from source for each format: text in the format that reads as JavaScript must stay text.
const CODE_LIKE_FORMAT = "$remote_addr \"}); process.exit(7); //\" $status `+{x}` \\' */ $body_bytes_sent \\u0022 $http_user_agent";
test('a format whose text reads as JavaScript', sameAsParser, CODE_LIKE_FORMAT, [
  "10.0.0.1 \"}); process.exit(7); //\" 200 `+{x}` \\' */ 512 \\u0022 curl/8.5",
  "10.0.0.1 \"}); process.exit(7); //\" 404 `+{x}` \\' */ - \\u0022 -",
  '10.0.0.1 "}); process.exit(7); //" 200 512 curl/8.5',
], 2);

test('writeSource puts only integers into the code it writes, and refuses a plan value that is not one', (t) => {
  const step = { isText: false, keyWords: [0x2022227b], keyLength: 4, literal: [0x20], field: 0, endsAfterTimeLocal: false };
  const source = writeSource({ prefixLength: 0, steps: [step] });
  t.notRegex(source.replace(/\b(line|limit|end|position|length|putValue|putText|indexOfBytes|begin|getView|getO|setO|target|at|lineLength|write|return|const|let|use strict|function|true|false|if|H|steps|literal|o|v|c0|setInt32)\b/g, ''), /[A-Za-z_$'`]/);
  t.throws(() => writeSource({ prefixLength: 0, steps: [{ ...step, keyWords: ['1); process.exit(7' as unknown as number] }] }), { instanceOf: TypeError, message: /not an integer/ });
  t.throws(() => writeSource({ prefixLength: 0.5, steps: [step] }), { instanceOf: TypeError });
});

test('a writer compiled without fieldValues writes the same bytes and keeps no field positions', (t) => {
  const withValues = compileJsonLineWriter(COMBINED_LOG_FORMAT, 'default');
  const without = compileJsonLineWriter(COMBINED_LOG_FORMAT, 'default', { fieldValues: false });
  if (withValues === undefined || without === undefined) return t.fail('no writer for escape=default');
  for (const line of combinedCorpus.slice(0, 2000)) {
    const bytes = Buffer.from(line, 'utf8');
    const [a, b] = [Buffer.alloc(withValues.maxBytes(bytes.length)), Buffer.alloc(without.maxBytes(bytes.length))];
    const [endA, endB] = [withValues.write(bytes, bytes.length, a, 0), without.write(bytes, bytes.length, b, 0)];
    t.is(endB, endA, line);
    if (endA >= 0) t.is(b.toString('utf8', 0, endB), a.toString('utf8', 0, endA), line);
  }
  t.throws(() => without.fieldValues(['status']), { message: /fieldValues: false/ });
});

test('where Node may not compile code, compileJsonLineWriter answers undefined and the handler takes the parser for every line', async (t) => {
  const script = [
    "import { compileJsonLineWriter, COMBINED_LOG_FORMAT } from './lambda/log-format/index.ts';",
    "import { createTransformHandler, readTransformConfig } from './lambda/index.ts';",
    "const line = '10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"';",
    "const handler = createTransformHandler(readTransformConfig({ HOSEPIPE_TIME_ZONE: 'UTC' }), () => {});",
    "const answer = await handler({ invocationId: 'i', deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/s', region: 'us-east-1', records: [{ recordId: 'r', approximateArrivalTimestamp: 0, data: Buffer.from(line).toString('base64') }] }, {});",
    "console.log(JSON.stringify({ writer: compileJsonLineWriter(COMBINED_LOG_FORMAT, 'default') === undefined ? 'none' : 'some', record: answer.records[0] }));",
  ].join('\n');
  const { stdout } = await execFileAsync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
  const { writer, record } = JSON.parse(stdout) as { writer: string; record: { result: string; data: string } };
  t.is(writer, 'none');
  t.is(record.result, 'Ok');
  const parsed = compileLogFormat(COMBINED_LOG_FORMAT).parse('10.0.0.1 - - [10/Mar/2024:02:30:00 +0900] "GET / HTTP/1.1" 200 1 "-" "-"');
  if (!parsed.ok) return t.fail(parsed.reason);
  t.is(Buffer.from(record.data, 'base64').toString('utf8'), `${JSON.stringify(parsed.fields)}\n`);
});
