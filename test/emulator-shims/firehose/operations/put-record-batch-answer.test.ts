import test from 'ava';
import { putRecordBatchAnswer } from '../../../../emulator-shims/firehose/operations/put-record-batch-answer.js';
import { createRecordId } from '../../../../emulator-shims/firehose/record-id.js';

for (const encrypted of [false, true]) {
  test(`PutRecordBatch's answer bytes are JSON.stringify of its answer object, a distinct id per record, Encrypted ${encrypted}`, (t) => {
    const bytes = putRecordBatchAnswer(500, encrypted);
    const answer = JSON.parse(bytes.toString('latin1')) as { FailedPutCount: number; Encrypted: boolean; RequestResponses: { RecordId: string }[] };
    t.is(bytes.toString('latin1'), JSON.stringify({ FailedPutCount: 0, Encrypted: encrypted, RequestResponses: answer.RequestResponses.map(({ RecordId }) => ({ RecordId })) }));
    t.is(answer.RequestResponses.length, 500);
    const ids = answer.RequestResponses.map((entry) => entry.RecordId);
    t.is(new Set(ids).size, 500);
    // Each id is createRecordId's form: the canonical base64 of 84 bytes.
    for (const id of ids) t.is(Buffer.from(id, 'base64').toString('base64'), id);
    t.true(ids.every((id) => id.length === createRecordId().length));
  });
}

test('answers for one record, and for more records than any answer before, are whole', (t) => {
  t.is((JSON.parse(putRecordBatchAnswer(1, false).toString()) as { RequestResponses: unknown[] }).RequestResponses.length, 1);
  t.is((JSON.parse(putRecordBatchAnswer(700, false).toString()) as { RequestResponses: unknown[] }).RequestResponses.length, 700);
});

test('the ids of two answers differ', (t) => {
  const first = putRecordBatchAnswer(3, false).toString();
  t.not(putRecordBatchAnswer(3, false).toString(), first);
});
