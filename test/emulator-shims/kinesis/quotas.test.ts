import test from 'ava';
import { createShardQuotas, recordHashKey, SHARD_QUOTAS } from '../../../emulator-shims/kinesis/index.js';

test('recordHashKey is the MD5 of the partition key as a 128-bit integer', (t) => {
  // md5("a") = 0cc175b9c0f1b6a831c399e269772661
  t.is(recordHashKey('a'), 0x0cc175b9c0f1b6a831c399e269772661n);
  t.is(recordHashKey('ignored', '42'), 42n);
});

test('a shard takes a burst of 1,000 records within a second, then refills with time', (t) => {
  let now = 0;
  const quotas = createShardQuotas(() => now);
  let admitted = 0;
  for (let i = 0; i < 1500; i++) if (quotas.admitWrite('s/shard-0', 10)) admitted++;
  t.is(admitted, SHARD_QUOTAS.writeRecordsPerSecond);
  now += 100;
  admitted = 0;
  for (let i = 0; i < 500; i++) if (quotas.admitWrite('s/shard-0', 10)) admitted++;
  t.is(admitted, 100);
  t.true(quotas.admitWrite('s/shard-1', 10), 'each shard has its own allowance');
});

test('a shard takes 1 MiB of writes per second', (t) => {
  const quotas = createShardQuotas(() => 0);
  t.true(quotas.admitWrite('k', 600 * 1024));
  t.false(quotas.admitWrite('k', 600 * 1024));
  t.true(quotas.admitWrite('k', 400 * 1024));
});

test('reads: 5 calls per second, and a large answer throttles the calls after it', (t) => {
  let now = 0;
  const quotas = createShardQuotas(() => now);
  t.deepEqual([1, 2, 3, 4, 5, 6].map(() => quotas.admitRead('k')), [true, true, true, true, true, false]);
  now += 1000;
  t.true(quotas.admitRead('k'));
  quotas.chargeRead('k', 10 * 1024 * 1024);
  now += 1000;
  t.false(quotas.admitRead('k'), 'still paying off 10 MiB at 2 MiB/s');
  now += 4000;
  t.true(quotas.admitRead('k'));
});
