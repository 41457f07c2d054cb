import test from 'ava';
import { isTimeZoneName, partitionKeys, type PartitionKeys } from '../../lambda/index.js';

const keysFor = test.macro({
  exec(t, instant: string, timeZone: string, expected: PartitionKeys) {
    t.deepEqual({ ...partitionKeys(Date.parse(instant), timeZone) }, expected);
  },
  title: (provided = '', instant: string, timeZone: string) => `partitionKeys puts ${instant} in ${timeZone} ${provided}`.trim(),
});

const keys = (year: string, month: string, day: string, hour: string): PartitionKeys => ({ year, month, day, hour });

test('zero-padded', keysFor, '2024-03-05T07:08:09Z', 'UTC', keys('2024', '03', '05', '07'));
test('on the next day', keysFor, '2024-03-10T17:30:00Z', 'Asia/Seoul', keys('2024', '03', '11', '02'));
test('from a +09:00 time_local', keysFor, '2024-03-10T02:30:00+09:00', 'UTC', keys('2024', '03', '09', '17'));
test('in the previous year', keysFor, '2025-01-01T03:00:00Z', 'America/New_York', keys('2024', '12', '31', '22'));
test('just before spring forward (01 EST)', keysFor, '2024-03-10T06:59:59Z', 'America/New_York', keys('2024', '03', '10', '01'));
test('just after spring forward (03 EDT, 02 never happens)', keysFor, '2024-03-10T07:00:00Z', 'America/New_York', keys('2024', '03', '10', '03'));
test('in the first 01 hour of fall back (EDT)', keysFor, '2024-11-03T05:30:00Z', 'America/New_York', keys('2024', '11', '03', '01'));
test('in the repeated 01 hour of fall back (EST)', keysFor, '2024-11-03T06:30:00Z', 'America/New_York', keys('2024', '11', '03', '01'));
test('after fall back', keysFor, '2024-11-03T07:00:00Z', 'America/New_York', keys('2024', '11', '03', '02'));
test('at a half-hour offset', keysFor, '2024-03-10T00:29:00Z', 'Asia/Kolkata', keys('2024', '03', '10', '05'));
test('at a quarter-hour offset', keysFor, '2024-03-10T00:15:00Z', 'Asia/Kathmandu', keys('2024', '03', '10', '06'));

test('partitionKeys defaults to UTC', (t) => {
  t.deepEqual({ ...partitionKeys(Date.parse('2024-03-10T23:59:59Z')) }, keys('2024', '03', '10', '23'));
});

test('partitionKeys gives the same answer from its cache as on first call', (t) => {
  const instant = Date.parse('2024-11-03T06:44:59Z');
  const first = partitionKeys(instant, 'America/New_York');
  t.is(partitionKeys(instant - 1000, 'America/New_York'), first);
  t.deepEqual({ ...first }, keys('2024', '11', '03', '01'));
});

test('at a zone alias and a lower-case spelling (read through Intl.DateTimeFormat), the same keys as at the canonical name', (t) => {
  const instant = Date.parse('2024-03-10T00:29:00Z');
  t.deepEqual({ ...partitionKeys(instant, 'Asia/Calcutta') }, keys('2024', '03', '10', '05'));
  t.deepEqual({ ...partitionKeys(instant, 'asia/kolkata') }, keys('2024', '03', '10', '05'));
});

test('partitionKeys in a zone agrees with Intl.DateTimeFormat in every canonical zone, around the year, and leaves TZ as it was', (t) => {
  const before = process.env.TZ;
  // A quarter-hour a month over 2023-2024 (transitions included), plus a few minutes into each quarter-hour.
  const instants = Array.from({ length: 24 * 4 }, (_, index) => Date.UTC(2023, Math.floor(index / 4), 1 + (index % 4) * 7, index % 24, (index % 4) * 15 + 7));
  let compared = 0;
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    for (const instant of instants) {
      const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
      const expected = keys(parts.year!.padStart(4, '0'), parts.month!, parts.day!, parts.hour!);
      const got = { ...partitionKeys(instant, zone) };
      if (JSON.stringify(got) !== JSON.stringify(expected)) t.fail(`${zone} at ${new Date(instant).toISOString()}: ${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`);
      compared++;
    }
  }
  t.true(compared > 10_000);
  t.is(process.env.TZ, before);
});

test('isTimeZoneName takes what DateTimeFormat takes, and refuses what it refuses', (t) => {
  for (const zone of ['UTC', 'Asia/Seoul', 'Asia/Calcutta', 'asia/seoul', 'US/Pacific', 'Etc/GMT+5']) t.true(isTimeZoneName(zone), zone);
  for (const zone of ['', 'Mars/Olympus', '../etc/passwd', 'Asia/Seoul ']) t.false(isTimeZoneName(zone), JSON.stringify(zone));
});

test.serial('isTimeZoneName answers for UTC and a canonical name without making a DateTimeFormat', (t) => {
  const Original = Intl.DateTimeFormat;
  let made = 0;
  Intl.DateTimeFormat = new Proxy(Original, { construct: (target, args: ConstructorParameters<typeof Original>) => { made += 1; return new target(...args); } });
  try {
    t.true(isTimeZoneName('UTC'));
    t.true(isTimeZoneName('Europe/Berlin'));
    t.is(made, 0);
    t.true(isTimeZoneName('europe/berlin'));
    t.is(made, 1);
  } finally {
    Intl.DateTimeFormat = Original;
  }
});
