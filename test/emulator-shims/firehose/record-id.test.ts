import test from 'ava';
import { createRecordId, createRecordIds, lambdaRecordId } from '../../../emulator-shims/firehose/record-id.js';

test('createRecordIds answers distinct ids of the same form as createRecordId', (t) => {
  const ids = createRecordIds(500);
  t.is(ids.length, 500);
  t.is(new Set(ids).size, 500);
  for (const id of ids) t.regex(id, /^[A-Za-z0-9+/]{112}$/);
  t.is(ids[0]!.length, createRecordId().length);
});

test('a Lambda recordId is the sequence padded to 56 digits and the sub-index to 6', (t) => {
  t.is(lambdaRecordId('123', 0), `${'0'.repeat(53)}123000000`);
  t.is(lambdaRecordId('4'.repeat(56), 7), `${'4'.repeat(56)}000007`);
  t.is(lambdaRecordId('9', 123_456), `${'0'.repeat(55)}9123456`);
});
