import test from 'ava';
import { progressLine, startProgress } from '../../cli/progress.js';

test('a progress line gives done/total, the share, the rate and the time left', (t) => {
  t.is(progressLine('load', 500, 1000, 1000, 'sent'), 'load: 500/1,000 sent (50%) 500/s ETA 1.0 s');
  t.is(progressLine('audit', 3, 3, 2000, 'objects read'), 'audit: 3/3 objects read (100%) 1.5/s ETA 0 ms');
  t.is(progressLine('e2e', 0, 12, 0), 'e2e: 0/12 (0%) 0.0/s ETA –');
});

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (chunk: string) => written.push(chunk) > 0 } };
}

test('on a terminal the line is rewritten in place at most four times a second', (t) => {
  let clock = 0;
  const { written, stream } = recorder(true);
  const progress = startProgress('load', 10, { stream, now: () => clock, noun: 'sent' });
  for (let index = 0; index < 10; index++) {
    clock += 100;
    progress.tick();
  }
  progress.done();
  t.true(written.every((chunk) => chunk.startsWith('\r') || chunk === '\n'));
  t.is(written[0], '\rload: 0/10 sent (0%) 0.0/s ETA –\x1b[K', 'a first line at once');
  t.is(written.filter((chunk) => chunk.startsWith('\r')).length, 5, 'the start, ticks at 300, 600 and 900 ms, and the final line');
  t.is(written.at(-2), '\rload: 10/10 sent (100%) 10.0/s ETA 0 ms\x1b[K');
  t.is(written.at(-1), '\n');
});

test('without a terminal plain lines come every few seconds and at the end, with no escape codes', (t) => {
  let clock = 0;
  const { written, stream } = recorder(false);
  const progress = startProgress('audit', 0, { stream, now: () => clock, noun: 'objects read', plainEveryMs: 5000 });
  progress.setTotal(4);
  for (let index = 0; index < 4; index++) {
    clock += 3000;
    progress.tick();
  }
  progress.note('a failure');
  progress.done();
  t.deepEqual(written, [
    'audit: 1/4 objects read (25%) 0.3/s ETA 9.0 s\n',
    'audit: 3/4 objects read (75%) 0.3/s ETA 3.0 s\n',
    'a failure\n',
    'audit: 4/4 objects read (100%) 0.3/s ETA 0 ms\n',
  ]);
});
