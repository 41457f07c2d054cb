import test from 'ava';
import { createRequire } from 'node:module';
import { makeKinesaliteNumbersFast } from '../../../emulator-shims/engines/kinesalite-fast-numbers.js';

const require = createRequire(import.meta.url);

interface Db {
  parseSequence(sequence: string): Record<string, unknown>;
  stringifySequence(parts: Record<string, unknown>): string;
  partitionKeyToHashKey(key: string): { comparedTo(other: unknown): number };
}

// kinesalite's own functions, taken before the replacements are installed: the reference answers.
const db = require('kinesalite/db') as Db;
const original = { parse: db.parseSequence, stringify: db.stringifySequence, hash: db.partitionKeyToHashKey };
makeKinesaliteNumbersFast();

const shardCreateTimes = [0, 1_400_000_000_000, 1_700_000_123_000, Date.UTC(2026, 10, 25, 19, 40, 34)];
const sequenceParts = shardCreateTimes.flatMap((shardCreateTime) =>
  [0, 1, 7, 15, 16, 99, 2_147_483_647].flatMap((shardIx) =>
    [0, 1, 2, 255, 65_536, 9_007_199_254_740_991].map((seqIx, index) => ({ shardCreateTime, shardIx, seqIx, seqTime: shardCreateTime + index * 61_000 }))));

test('sequence numbers are written exactly as kinesalite writes them', (t) => {
  for (const parts of sequenceParts) {
    t.is(db.stringifySequence(parts), original.stringify(parts), JSON.stringify(parts));
    t.is(db.stringifySequence({ ...parts, seqIx: String(parts.seqIx) }), original.stringify({ ...parts, seqIx: String(parts.seqIx) }));
  }
  t.is(db.stringifySequence({ shardCreateTime: 1_700_000_000_000, shardIx: 3 }), original.stringify({ shardCreateTime: 1_700_000_000_000, shardIx: 3 }));
});

test('sequence numbers read back into the same parts kinesalite reads', (t) => {
  for (const parts of sequenceParts) {
    const sequence = original.stringify(parts);
    t.deepEqual(db.parseSequence(sequence), original.parse(sequence), sequence);
  }
});

test('sequence numbers of kinesalite\'s older versions and malformed ones are still handled by kinesalite', (t) => {
  for (const parts of [{ version: 0, shardCreateTime: 1_400_000_000_000, shardIx: 2 }, { version: 1, shardCreateTime: 1_400_000_000_000, shardIx: 2, seqIx: 3, seqTime: 1_400_000_100_000 }]) {
    const sequence = original.stringify(parts);
    t.is(db.stringifySequence(parts), sequence);
    t.deepEqual(db.parseSequence(sequence), original.parse(sequence));
  }
  t.throws(() => db.parseSequence('not-a-number'));
  t.throws(() => original.parse('not-a-number'));
  t.deepEqual(db.parseSequence('1'), original.parse('1'));
});

test('a partition key falls in the same shard hash-key range as with kinesalite\'s arithmetic', (t) => {
  const bounds = ['0', '1', '170141183460469231731687303715884105727', '170141183460469231731687303715884105728', '340282366920938463463374607431768211455'];
  for (let index = 0; index < 500; index++) {
    const key = `key-${index}-${'é'.repeat(index % 3)}`;
    for (const bound of bounds) t.is(db.partitionKeyToHashKey(key).comparedTo(bound), original.hash(key).comparedTo(bound), `${key} vs ${bound}`);
  }
});
