import test from 'ava';
import { acceptsEvery } from '../../agent/put-records-answer.js';

/** What reading the parsed answer entry by entry finds (the agent's path for every answer this one is unsure of). */
function everyAcceptedByParse(body: Buffer, count: number): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return false;
  }
  const records = (parsed as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records) || records.length < count) return false;
  return records.slice(0, count).every((entry: { SequenceNumber?: unknown; ErrorCode?: unknown } | null) => Boolean(entry && !entry.ErrorCode && entry.SequenceNumber));
}

const sequence = (index: number) => `4964${String(index).padStart(52, '0')}`;
const accepted = (count: number) => ({
  FailedRecordCount: 0,
  Records: Array.from({ length: count }, (_, index) => ({ SequenceNumber: sequence(index), ShardId: `shardId-00000000000${index % 10}` })),
  EncryptionType: 'NONE',
});
const json = (value: unknown, space?: number) => Buffer.from(JSON.stringify(value, null, space));

test('an answer that accepted every record is read as such, compact or spaced and in any member order', (t) => {
  t.true(acceptsEvery(json(accepted(3)), 3));
  t.true(acceptsEvery(json(accepted(3), 2), 3));
  const { Records, ...rest } = accepted(2);
  t.true(acceptsEvery(json({ Records, ...rest }), 2));
  t.true(acceptsEvery(Buffer.from(` \n${JSON.stringify(accepted(1))}\r\n\t`), 1));
  t.true(acceptsEvery(json({ FailedRecordCount: 0, Records: [] }), 0));
  t.true(acceptsEvery(json({ Records: [{ ShardId: 'shardId-000000000000', SequenceNumber: '1', Extra: null, Flag: true, Ratio: -1.5e3 }] }), 1));
});

test('an answer with a failed record, a missing or empty sequence number, or another count is left to the parse', (t) => {
  const failedOne = accepted(3);
  failedOne.FailedRecordCount = 1;
  failedOne.Records[1] = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard' } as never;
  t.false(acceptsEvery(json(failedOne), 3));
  t.false(acceptsEvery(json({ Records: [{ ShardId: 's' }] }), 1));
  t.false(acceptsEvery(json({ Records: [{ SequenceNumber: '' }] }), 1));
  t.false(acceptsEvery(json({ Records: [{ SequenceNumber: '1', ErrorCode: '' }] }), 1));
  t.false(acceptsEvery(json(accepted(3)), 2));
  t.false(acceptsEvery(json(accepted(3)), 4));
  t.false(acceptsEvery(json({ FailedRecordCount: 0 }), 0));
});

test('an answer this reader is unsure of is left to the parse: escapes, nesting, repeats, other JSON and broken text', (t) => {
  const body = JSON.stringify(accepted(2));
  const cases = [
    body.replace('"NONE"', '"N\\u004fNE"'),
    body.replace('"Records"', '"Rec\\u006frds"'),
    body.replace('"EncryptionType":"NONE"', '"EncryptionType":{"Type":"NONE"}'),
    body.replace('"ShardId":"shardId-000000000000"', '"ShardId":["shardId-000000000000"]'),
    body.replace('{"FailedRecordCount":0,', `{"Records":${JSON.stringify(accepted(2).Records)},"FailedRecordCount":0,`),
    body.replace('"FailedRecordCount":0', '"FailedRecordCount":01'),
    body.replace('"FailedRecordCount":0', '"FailedRecordCount":-'),
    body.slice(0, -1),
    `${body}x`,
    `\uFEFF${body}`,
    '[]',
    'null',
    '',
  ];
  for (const text of cases) t.false(acceptsEvery(Buffer.from(text), 2), text);
});

test('wherever one byte of an answer is changed, the reader never accepts what the parse would not', (t) => {
  const body = json(accepted(3));
  const replacements = [0x00, 0x20, 0x22, 0x2c, 0x30, 0x3a, 0x5b, 0x5c, 0x5d, 0x7b, 0x7d, 0x41, 0xff];
  let accepting = 0;
  for (let at = 0; at < body.length; at += 1) {
    for (const byte of replacements) {
      const changed = Buffer.from(body);
      changed[at] = byte;
      if (!acceptsEvery(changed, 3)) continue;
      accepting += 1;
      t.true(everyAcceptedByParse(changed, 3), `byte ${at} → 0x${byte.toString(16)}: ${changed.toString('latin1')}`);
    }
  }
  // Changes inside sequence numbers and shard ids keep the answer valid and accepting: the check ran on those.
  t.true(accepting > 100);
});
