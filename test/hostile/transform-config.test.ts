import test from 'ava';
import { compileLogFormat, createTransformHandler, readTransformConfig } from '../../lambda/index.js';

// The built-in transform compiles a write() from the team's log format (lambda/log-format/specialise-write.ts):
// text of the format that reads as JavaScript must stay text, whatever it says.
const HOSTILE_FORMATS = [
  '$remote_addr "}); globalThis.hosepipePwned = 1; //" $status',
  "$remote_addr '; globalThis.hosepipePwned = 1; ' $status",
  '$remote_addr `+(globalThis.hosepipePwned = 1)+` $status',
  '$remote_addr */ globalThis.hosepipePwned = 1; /* $status',
  '$remote_addr \\"); globalThis.hosepipePwned = 1; (\\" $status',
];

for (const format of HOSTILE_FORMATS) {
  test(`a log format whose text reads as JavaScript runs none of it and writes the parser's JSON: ${format}`, async (t) => {
    const literal = format.slice('$remote_addr '.length, format.length - ' $status'.length);
    const line = `10.0.0.1 ${literal} 200`;
    const handler = createTransformHandler(readTransformConfig({ HOSEPIPE_LOG_FORMAT: format, HOSEPIPE_TIME_ZONE: 'UTC' }), () => {});
    const answer = await handler({
      invocationId: 'i',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/s',
      region: 'us-east-1',
      records: [{ recordId: 'r', approximateArrivalTimestamp: 0, data: Buffer.from(line).toString('base64') }],
    }, {});
    t.is((globalThis as { hosepipePwned?: unknown }).hosepipePwned, undefined);
    const parsed = compileLogFormat(format).parse(line);
    if (!parsed.ok) return t.fail(parsed.reason);
    t.is(answer.records[0]?.result, 'Ok');
    t.is(Buffer.from(answer.records[0]?.data ?? '', 'base64').toString('utf8'), `${JSON.stringify(parsed.fields)}\n`);
  });
}

test('a log format with ${...} around code is refused as a format, naming the variable it cannot read', (t) => {
  t.throws(() => readTransformConfig({ HOSEPIPE_LOG_FORMAT: '$remote_addr `${globalThis.hosepipePwned = 1}` $status' }), { message: /HOSEPIPE_LOG_FORMAT=.*unterminated "\$\{globalThis"/ });
  t.is((globalThis as { hosepipePwned?: unknown }).hosepipePwned, undefined);
});
