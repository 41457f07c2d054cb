import test from 'ava';
import { END_POSITION, formatSequence, formatSequenceRun, parseSequence, shardSequenceBase, streamSalt } from '../../../emulator-shims/kinesis/sequence-number.js';

test('sequence numbers are 56-digit decimal strings that grow with the position in the shard', (t) => {
  const base = shardSequenceBase(1_767_225_600, 3, streamSalt('arn:aws:kinesis:us-east-1:000000000000:stream/s', 1_767_225_600_000));
  const numbers = [0, 1, 2, 1000, 2 ** 40, END_POSITION].map((position, index) => formatSequence(base, position, 1_767_225_600_000 + (index % 2) * 5000));
  for (const number of numbers) t.regex(number, /^[1-9]\d{55}$/);
  const values = numbers.map((number) => BigInt(number));
  t.true(values.every((value, index) => index === 0 || value > values[index - 1]!));
});

test('a sequence number reads back into the shard, creation second, position, arrival and salt it was made from', (t) => {
  const salt = streamSalt('arn:aws:kinesis:eu-west-1:123456789012:stream/..', 5);
  const parts = parseSequence(formatSequence(shardSequenceBase(1_767_225_600, 17, salt), 123_456, 1_767_225_612_345));
  t.deepEqual(parts, { createdSeconds: 1_767_225_600, shardIndex: 17, position: 123_456n, arrivalMs: 1_767_225_612_345, salt });
});

test('digits that are not a sequence number of this layout are not read', (t) => {
  for (const text of ['0', '1'.repeat(55), '9'.repeat(56), '1'.repeat(57), `4${'0'.repeat(55)}`, '4954698668313554428650745793632162567570019247115678515x']) {
    t.is(parseSequence(text), undefined, text);
  }
});

test('streams of the same name created at different times get different salts', (t) => {
  const arn = 'arn:aws:kinesis:us-east-1:000000000000:stream/s';
  t.not(streamSalt(arn, 1), streamSalt(arn, 2));
  t.true(streamSalt(arn, 1) < 2 ** 24);
});

test('a run of sequence numbers is each position formatted on its own, across carries between decimal parts', (t) => {
  const base = shardSequenceBase(1_767_225_600, 5, streamSalt('arn:aws:kinesis:us-east-1:000000000000:stream/run', 7));
  // 60,902,592 is where this shard's numbers carry from the third 14-digit part into the second.
  for (const [first, count, arrivalMs] of [[1, 500, 1_767_225_612_345], [0, 1, 0], [2 ** 40 - 3, 700, 8_796_093_022_207], [123_456_789, 2000, 1_767_225_699_999], [60_902_592 - 250, 500, 1_767_225_612_345], [7, 0, 5]] as const) {
    const run = formatSequenceRun(base, first, count, arrivalMs);
    t.is(run.length, count);
    run.forEach((number, index) => {
      if (number !== formatSequence(base, first + index, arrivalMs)) t.fail(`position ${first + index}: ${number}`);
    });
  }
  t.pass();
});
