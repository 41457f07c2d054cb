import test from 'ava';
import { LambdaRecordIds } from '../../../emulator-shims/firehose/lambda-response.js';
import { lambdaRecordId, lambdaRecordIdLength, matchLambdaRecordId, writeLambdaRecordId } from '../../../emulator-shims/firehose/record-id.js';

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

const SEQUENCES = ['', '1', '22', '4'.repeat(55), '4'.repeat(56), `${'5'.repeat(56)}:1`, '4'.repeat(60)];
const SUB_INDEXES = [0, 1, 7, 1000, 999_999, 1_000_000, 12_345_678];

test('writeLambdaRecordId writes the bytes of lambdaRecordId, and lambdaRecordIdLength is their count', (t) => {
  for (const sequence of SEQUENCES) for (const subIndex of SUB_INDEXES) {
    const bytes = Buffer.alloc(100, 0x2a);
    const end = writeLambdaRecordId(sequence, subIndex, bytes, 3);
    const id = lambdaRecordId(sequence, subIndex);
    t.is(bytes.toString('latin1', 3, end), id);
    t.is(lambdaRecordIdLength(sequence, subIndex), id.length);
    t.is(bytes[end], 0x2a);
  }
});

test('matchLambdaRecordId finds an id in bytes where its text is, and nowhere else', (t) => {
  for (const sequence of SEQUENCES) for (const subIndex of SUB_INDEXES) {
    const id = lambdaRecordId(sequence, subIndex);
    const bytes = Buffer.from(`"${id}"`, 'latin1');
    t.is(matchLambdaRecordId(sequence, subIndex, bytes, 1), id.length);
    t.is(matchLambdaRecordId(sequence, subIndex, bytes, 0), -1);
    t.is(matchLambdaRecordId(sequence, subIndex + 1, bytes, 1), -1);
    t.is(matchLambdaRecordId(sequence, subIndex, bytes.subarray(0, bytes.length - 2), 1), -1, 'an id cut short');
    // Each character changed in turn: no other id's bytes pass for this one.
    for (let at = 1; at <= id.length; at += 1) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at] === 0x30 ? 0x31 : 0x30;
      t.is(matchLambdaRecordId(sequence, subIndex, changed, 1), -1);
    }
  }
});

test('matchLambdaRecordId never matches an id holding a quote, a control character or a character beyond ASCII', (t) => {
  for (const sequence of ['1"2', '1\u00012', 'é1', '1\u007f']) {
    t.is(matchLambdaRecordId(sequence, 0, Buffer.from(lambdaRecordId(sequence, 0), 'latin1'), 0), -1);
  }
});

test('LambdaRecordIds gives each record\'s lambdaRecordId as text and matches it in place', (t) => {
  const records = [{ idBase: '9', subIndex: 0 }, { idBase: '4'.repeat(56), subIndex: 3001 }];
  const ids = new LambdaRecordIds(records);
  t.is(ids.length, 2);
  t.deepEqual([ids.text(0), ids.text(1)], records.map((record) => lambdaRecordId(record.idBase, record.subIndex)));
  const bytes = Buffer.from(`${ids.text(1)}"`, 'latin1');
  t.is(ids.matchAt(bytes, 0, 1), 62);
  t.is(ids.matchAt(bytes, 0, 0), -1);
});
