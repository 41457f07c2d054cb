import test from 'ava';
import { createRecordId, createRecordIds } from '../../../emulator-shims/firehose/record-id.js';

test('createRecordIds answers distinct ids of the same form as createRecordId', (t) => {
  const ids = createRecordIds(500);
  t.is(ids.length, 500);
  t.is(new Set(ids).size, 500);
  for (const id of ids) t.regex(id, /^[A-Za-z0-9+/]{112}$/);
  t.is(ids[0]!.length, createRecordId().length);
});
