import test from 'ava';
import { compareMultisets, eventPartition, matchesPartial } from '../../scenarios/index.js';

test('matchesPartial accepts a superset and rejects a differing value', (t) => {
  t.true(matchesPartial({ a: 1, b: { c: 'x', d: null } }, { b: { d: null } }));
  t.false(matchesPartial({ a: 1 }, { a: '1' }));
  t.false(matchesPartial({ a: null }, { a: { b: 1 } }));
});

test('matchesPartial matches strings against $regex', (t) => {
  t.true(matchesPartial({ uri: '/hello?hp=3' }, { uri: { $regex: '^/hello\\?' } }));
  t.false(matchesPartial({ uri: '/bye' }, { uri: { $regex: '^/hello' } }));
  t.false(matchesPartial({ uri: 3 }, { uri: { $regex: '3' } }));
});

test('compareMultisets reports missing, duplicated and unexpected lines', (t) => {
  t.deepEqual(compareMultisets(['a', 'b', 'b', 'c'], ['a', 'a', 'b', 'd']), { missing: ['b', 'c'], duplicated: ['a'], unexpected: ['d'] });
});

test('eventPartition places a time_local in the zone of the transform, across midnight', (t) => {
  t.is(eventPartition({ time_local: '25/Nov/2026:16:05:00 +0000' }, 'Asia/Seoul'), 'year=2026/month=11/day=26/hour=01/');
  t.is(eventPartition({ time_local: '2026-11-25T16:05:00+00:00' }, 'UTC'), 'year=2026/month=11/day=25/hour=16/');
});
