import test from 'ava';
import { SampleHistory } from '../../../emulator-shims/admin/rates.js';

test('a rate is the change since the newest sample at least 0.9 s old, per second', (t) => {
  const history = new SampleHistory();
  t.deepEqual(history.record(0, { lines: 10 }), { lines: { total: 10, perSecond: null } });
  t.deepEqual(history.record(500, { lines: 20 }), { lines: { total: 20, perSecond: null } }, 'half a second is too short to say');
  t.deepEqual(history.record(1000, { lines: 30 }), { lines: { total: 30, perSecond: 20 } });
  t.deepEqual(history.record(2000, { lines: 30 }), { lines: { total: 30, perSecond: 0 } });
});

test('a counter that went down (a restarted agent) has no rate, and old samples are forgotten', (t) => {
  const history = new SampleHistory();
  history.record(0, { sent: 100 });
  t.is(history.record(1000, { sent: 5 }).sent?.perSecond, null);
  t.is(history.record(20_000, { sent: 50 }).sent?.perSecond, null, 'nothing within the last 10 s');
  t.is(history.record(21_000, { sent: 60 }).sent?.perSecond, 10);
});

test('a counter that appears later has no rate until it has a base', (t) => {
  const history = new SampleHistory();
  history.record(0, { a: 1 });
  t.is(history.record(1000, { a: 2, b: 5 }).b?.perSecond, null);
  t.is(history.record(2000, { a: 3, b: 7 }).b?.perSecond, 2);
});
