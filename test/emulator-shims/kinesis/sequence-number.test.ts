import test from 'ava';
import { END_POSITION, formatSequence, parseSequence, shardSequenceBase, streamSalt } from '../../../emulator-shims/kinesis/sequence-number.js';

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
