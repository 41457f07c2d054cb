import test from 'ava';
import { acceptedOffsets, decideBatch, queueIsFull, type QueuedRecord } from '../../agent/batching.js';

const limits = { maxRecords: 3, maxBytes: 100, maxAgeMs: 1000 };

function record(seq: number, size = 10, enqueuedAt = 0, endOffset = seq * size): QueuedRecord {
  return { seq, data: Buffer.alloc(size - 2), partitionKey: 'pk', enqueuedAt, fileKey: 'f', generation: 0, endOffset };
}

test('an empty queue is idle', (t) => {
  t.deepEqual(decideBatch([], limits, 0, 0), { kind: 'idle' });
});

test('a young, small queue waits for the rest of the buffer age', (t) => {
  t.deepEqual(decideBatch([record(1, 10, 100)], limits, 400, 0), { kind: 'wait', ms: 700 });
});

test('the buffer is sent when its oldest record reaches the age limit', (t) => {
  t.deepEqual(decideBatch([record(1, 10, 0), record(2)], limits, 1000, 0), { kind: 'send', count: 2, reason: 'age' });
});

test('a full record count is sent at once, and only maxRecords of them', (t) => {
  const queue = [1, 2, 3, 4].map((seq) => record(seq));
  t.deepEqual(decideBatch(queue, limits, 0, 0), { kind: 'send', count: 3, reason: 'records' });
});

test('bytes count data plus partition key and cut the batch before the limit', (t) => {
  const queue = [record(1, 40), record(2, 40), record(3, 40)];
  t.deepEqual(decideBatch(queue, limits, 0, 0), { kind: 'send', count: 2, reason: 'bytes' });
});

test('a flush sends a young buffer', (t) => {
  t.deepEqual(decideBatch([record(1, 10, 0)], limits, 0, 1), { kind: 'send', count: 1, reason: 'flush' });
});

test('the reader pauses at two full batches', (t) => {
  t.false(queueIsFull(5, 10, limits));
  t.true(queueIsFull(6, 10, limits));
  t.true(queueIsFull(1, 200, limits));
});

test('an accepted batch moves each file generation to its furthest offset', (t) => {
  const other = { ...record(3), fileKey: 'g', generation: 1, endOffset: 7 };
  const furthest = acceptedOffsets([record(1, 10, 0, 10), record(2, 10, 0, 20), other]);
  t.deepEqual([...furthest.values()].map((origin) => [origin.fileKey, origin.endOffset]), [['f', 20], ['g', 7]]);
});
