import test from 'ava';
import { END_POSITION, formatSequence, parseSequence, SequenceFormatter, shardSequenceBase, streamSalt } from '../../../emulator-shims/kinesis/sequence-number.js';

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

test('a shard\'s sequence formatter writes the same digits as formatSequence, in order, out of order and across carries into the high digits', (t) => {
  const base = shardSequenceBase(1_767_225_600, 5, streamSalt('arn:aws:kinesis:us-east-1:000000000000:stream/s', 7));
  const formatter = new SequenceFormatter(base);
  const arrival = 1_767_225_612_345;
  const calls: Array<[number, number]> = [];
  // Runs of consecutive positions at one arrival (a put's records), a new arrival, a jump back, and runs
  // long enough that adding 2^67 carries past the low 24 digits many times (every 10^24 / 2^67 ≈ 6,776 positions).
  for (let position = 1; position <= 20_000; position += 1) calls.push([position, arrival]);
  for (let position = 20_001; position <= 20_500; position += 1) calls.push([position, arrival + 3]);
  for (let position = 7; position <= 12; position += 1) calls.push([position, arrival]);
  for (let position = 2 ** 40; position <= 2 ** 40 + 15_000; position += 1) calls.push([position, arrival + 9]);
  calls.push([2 ** 40 + 15_001, arrival + 9.5], [2 ** 40 + 15_002, arrival + 9.5], [2 ** 40 + 15_003, arrival + 10]);
  let mismatches = 0;
  for (const [position, arrivalMs] of calls) {
    if (formatter.format(position, arrivalMs) !== formatSequence(base, position, arrivalMs)) mismatches += 1;
  }
  t.is(mismatches, 0);
  t.is(formatter.format(2 ** 40 + 15_004, arrival + 10), formatSequence(base, 2 ** 40 + 15_004, arrival + 10));
});
