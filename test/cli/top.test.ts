import test from 'ava';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { accessLine, postJson, startViewPipeline } from '../emulator-shims/admin/helpers.js';
import { collect } from '../fixtures/processes.js';

const BIN = `${PACKAGE_ROOT}/cli/bin.js`;

const run = (command: string, args: string[]) => collect(command, args, PACKAGE_ROOT);

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

test('hosepipe top on a terminal redraws the figures in place, then gives the screen back', async (t) => {
  const pipeline = await startViewPipeline(t);
  await pipeline.putLines([accessLine('/top-one'), accessLine('/top-two'), 'not a log line']);
  await postJson(`${pipeline.edge.url}${pipeline.path}/flush`, {});
  await postJson(`${pipeline.edge.url}/_hosepipe/faults`, { service: 's3', operation: 'PutObject', error: 'InternalError', count: 1 });

  const command = `stty cols 140 rows 60; node ${quote(BIN)} top --endpoint ${quote(pipeline.edge.url)} --count 2 --interval 300`;
  const { code, out } = await run('script', ['-q', '-e', '-f', '-c', command, '/dev/null']);
  t.is(code, 0, out);
  t.true(out.includes('\x1b[?1049h'), 'enters the alternate screen');
  t.is(out.split('\x1b[H').length - 1, 2, 'two frames, each drawn from the top left');
  t.true(out.trimEnd().endsWith('\x1b[?25h\x1b[?1049l'), 'shows the cursor again and leaves the alternate screen');
  const text = out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  t.regex(text, new RegExp(`hosepipe top · ${pipeline.desired.deliveryStream.name} · us-east-1`));
  t.regex(text, new RegExp(`stream\\s+${pipeline.desired.stream.name}\\s+3 read`));
  t.regex(text, new RegExp(`firehose\\s+${pipeline.desired.deliveryStream.name}\\s+2 delivered`));
  t.regex(text, new RegExp(`function\\s+${pipeline.desired.transform.name}\\s+1 invokes .*0 failed inv\\., 1 failed rec\\.`));
  t.regex(text, /bucket\s+\S+\s+1 objects\s+1 error, 1 backup/);
  t.regex(text, /fault-1 s3 PutObject → InternalError\s+0 hits/);
  t.regex(text, /success\s+2 rec\s+kinesis\/firehose\/migration\/year=\d{4}\/month=\d\d\/day=\d\d\/hour=\d\d\//);
  t.regex(out, /\x1b\[31mfunction/, 'a stage with errors is shown in red');
});

test('hosepipe top without a terminal prints one plain frame and exits', async (t) => {
  const pipeline = await startViewPipeline(t);
  await pipeline.putLines([accessLine('/plain')]);
  await postJson(`${pipeline.edge.url}${pipeline.path}/flush`, {});
  const { code, out, err } = await run(process.execPath, [BIN, 'top', '--endpoint', pipeline.edge.url]);
  t.is(code, 0, err);
  t.false(out.includes('\x1b'), 'no escape sequences');
  t.regex(out, /^hosepipe top · /);
  t.is(out.match(/^hosepipe top/gm)?.length, 1);
  t.regex(out, /firehose\s+\S+\s+1 delivered/);
  t.regex(out, /every buffer is empty/);
});

test('hosepipe top names the delivery streams there when the one asked for is not', async (t) => {
  const pipeline = await startViewPipeline(t);
  const { code, err } = await run(process.execPath, [BIN, 'top', '--endpoint', pipeline.edge.url, '--stream', 'nope']);
  t.is(code, 2);
  t.regex(err, new RegExp(`no delivery stream named nope on .* \\(there: ${pipeline.desired.deliveryStream.name} \\(us-east-1\\)\\)`));
});
