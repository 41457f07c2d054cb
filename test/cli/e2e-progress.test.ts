import test from 'ava';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { collect } from '../fixtures/processes.js';

const BIN = `${PACKAGE_ROOT}/cli/bin.js`;
const SCENARIO = 'http-requests-land-as-json';

const run = (command: string, args: string[]) => collect(command, args, PACKAGE_ROOT);

test.serial('hosepipe e2e without a terminal prints each scenario\'s result and plain progress lines', async (t) => {
  const { code, out, err } = await run(process.execPath, [BIN, 'e2e', SCENARIO]);
  t.is(code, 0, `${out}\n${err}`);
  t.false(`${out}${err}`.includes('\r') || `${out}${err}`.includes('\x1b'), 'no carriage returns or escape codes');
  t.regex(out, /^ {2}✔ HTTP requests to nginx land in S3 .*\(http-requests-land-as-json\.scenario\.yaml, [\d.]+ s\)$/m);
  t.regex(err, /^e2e: 0\/1 scenarios \(0%\) /m);
  t.regex(err, /^e2e: 1\/1 scenarios \(100%\) [\d.,]+\/s ETA 0 ms$/m);
  t.regex(out, /^1 passed, 0 failed$/m);
});

test.serial('hosepipe e2e on a terminal rewrites one progress line in place', async (t) => {
  const { code, out } = await run('script', ['-q', '-e', '-f', '-c', `node '${BIN}' e2e ${SCENARIO}`, '/dev/null']);
  t.is(code, 0, out);
  t.regex(out, /\re2e: 0\/1 scenarios \(0%\) .*\x1b\[K/);
  t.regex(out, /\r\x1b\[K {2}✔ HTTP requests to nginx land in S3 [^\r\n]*\r?\ne2e: 0\/1 scenarios/, 'a result goes above the progress line, which is drawn again below it');
  t.regex(out, /\re2e: 1\/1 scenarios \(100%\) [\d.,]+\/s ETA 0 ms\x1b\[K/);
  t.regex(out, /1 passed, 0 failed/);
});
