import test from 'ava';
import { lambdaRecordId } from '../../../emulator-shims/firehose/record-id.js';

test('a Lambda recordId is the sequence padded to 56 digits and the sub-index to 6', (t) => {
  t.is(lambdaRecordId('123', 0), `${'0'.repeat(53)}123000000`);
  t.is(lambdaRecordId('4'.repeat(56), 7), `${'4'.repeat(56)}000007`);
  t.is(lambdaRecordId('9', 123_456), `${'0'.repeat(55)}9123456`);
});

test('Lambda recordIds made one after another each keep their own digits, and odd sequences are padded as text', (t) => {
  const ids = ['1', '22', '4'.repeat(56), '333'].map((sequence, index) => lambdaRecordId(sequence, index * 1000));
  t.deepEqual(ids, [`${'0'.repeat(55)}1000000`, `${'0'.repeat(54)}22001000`, `${'4'.repeat(56)}002000`, `${'0'.repeat(53)}333003000`]);
  t.is(lambdaRecordId(`${'5'.repeat(56)}:1`, 0), `${'5'.repeat(56)}:1000000`);
  t.is(lambdaRecordId('é1', 0), `${'0'.repeat(54)}é1000000`);
  t.is(lambdaRecordId('1', 1_234_567), `${'0'.repeat(55)}11234567`);
});
