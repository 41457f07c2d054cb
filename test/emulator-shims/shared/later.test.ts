import test from 'ava';
import { createLater } from '../../../emulator-shims/shared/later.js';

test('with a delay of 0 the action runs before later returns', (t) => {
  const later = createLater();
  let ran = false;
  later(0, () => {
    ran = true;
  });
  t.true(ran);
});

test('with a delay the action runs on a timer, after later returned', async (t) => {
  const later = createLater();
  let ran = false;
  const done = new Promise<void>((resolve) => later(5, () => {
    ran = true;
    resolve();
  }));
  t.false(ran);
  await done;
  t.true(ran);
});

test('cancelAll drops the actions still waiting and every one asked for after it', async (t) => {
  const later = createLater();
  const ran: string[] = [];
  later(5, () => void ran.push('waiting'));
  later.cancelAll();
  later(0, () => void ran.push('after, at once'));
  later(5, () => void ran.push('after, on a timer'));
  await new Promise((resolve) => setTimeout(resolve, 30));
  t.deepEqual(ran, []);
});

test('an action that throws or rejects is dropped, not thrown to the caller', async (t) => {
  const later = createLater();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  t.teardown(() => void process.off('unhandledRejection', onUnhandled));
  t.notThrows(() => later(0, () => {
    throw new Error('sync');
  }));
  later(0, async () => {
    throw new Error('async');
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  t.deepEqual(unhandled, []);
});
