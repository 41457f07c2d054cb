import test from 'ava';
import { GIVE_WAY_MAX_MS, ProducerPuts, PUT_QUIET_MS, type PutsTiming } from '../../../emulator-shims/shared/give-way.js';

/** A clock that moves only when a step pauses; `duringPause` runs at each pause (e.g. a producer's put arriving). */
function testTiming(duringPause: () => void = () => undefined): PutsTiming & { pauses: number; at: number } {
  const timing = {
    at: 1000,
    pauses: 0,
    now: () => timing.at,
    pause: async (ms: number) => {
      timing.pauses += 1;
      timing.at += ms;
      duringPause();
    },
  };
  return timing;
}

test('with no put yet, a step goes on at the next turn without waiting', async (t) => {
  const timing = testTiming();
  await new ProducerPuts(timing).giveWay();
  t.is(timing.pauses, 0);
});

test('after a put, a step waits until no put has come for PUT_QUIET_MS', async (t) => {
  const timing = testTiming();
  const puts = new ProducerPuts(timing);
  puts.note();
  await puts.giveWay();
  t.is(timing.pauses, PUT_QUIET_MS);
  t.is(timing.at, 1000 + PUT_QUIET_MS);
});

test('while puts keep coming, a step waits at most GIVE_WAY_MAX_MS and then goes on', async (t) => {
  let puts: ProducerPuts;
  const timing = testTiming(() => puts.note());
  puts = new ProducerPuts(timing);
  puts.note();
  await puts.giveWay();
  t.is(timing.at, 1000 + GIVE_WAY_MAX_MS);
});

test('one endpoint\'s puts do not hold up another endpoint\'s delivery', async (t) => {
  const timing = testTiming();
  const busy = new ProducerPuts(timing);
  const quiet = new ProducerPuts(timing);
  busy.note();
  await quiet.giveWay();
  t.is(timing.pauses, 0);
});
