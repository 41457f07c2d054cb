import test from 'ava';
import { readInput, type Members } from '../../../emulator-shims/kinesis/validation.js';
import { EpochMillis } from '../../../emulator-shims/kinesis/cbor.js';

const members: Members = {
  StreamName: { type: 'string', required: true, length: [1, 128], pattern: '[a-zA-Z0-9_.-]+' },
  Limit: { type: 'integer', range: [1, 10_000] },
  Data: { type: 'blob', length: [0, 4] },
  Flag: { type: 'boolean' },
  Timestamp: { type: 'timestamp' },
  Keys: { type: 'list', length: [1, 2], member: { type: 'string', length: [1, 3] } },
  Tags: { type: 'map', keyLength: [1, 3], valueLength: [0, 2], member: { type: 'string' } },
  Mode: { type: 'structure', members: { Kind: { type: 'string', required: true, enum: ['A', 'B'] } } },
};

const refusal = (body: unknown) => {
  try {
    readInput(body, members);
    return undefined;
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
};

test('members are read as their types: base64 and CBOR bytes become Buffers, JSON seconds and CBOR milliseconds Dates, integers are truncated', (t) => {
  const json = readInput<Record<string, unknown>>({ StreamName: 's', Limit: 7.9, Data: 'YWJj', Timestamp: 1_700_000_000.5, Unknown: 1 }, members);
  t.deepEqual(json, { StreamName: 's', Limit: 7, Data: Buffer.from('abc'), Timestamp: new Date(1_700_000_000_500) });
  const cbor = readInput<Record<string, unknown>>({ StreamName: 's', Data: Buffer.from([0xbf]), Timestamp: new EpochMillis(1_700_000_000_123) }, members);
  t.deepEqual(cbor, { StreamName: 's', Data: Buffer.from([0xbf]), Timestamp: new Date(1_700_000_000_123) });
});

const wrongTypes: [string, unknown, string][] = [
  ['a number for a string', { StreamName: 5 }, 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'],
  ['a boolean for a string', { StreamName: true }, 'class java.lang.Boolean can not be converted to an String'],
  ['an object for a string', { StreamName: {} }, 'Start of structure or map found where not expected.'],
  ['a list for a string', { StreamName: [] }, 'Start of list found where not expected'],
  ['a string for an integer', { StreamName: 's', Limit: '5' }, 'class java.lang.String can not be converted to an Integer'],
  ['a string for a boolean', { StreamName: 's', Flag: 'yes' }, "'YES' can not be converted to an Boolean"],
  ['a string for a timestamp', { StreamName: 's', Timestamp: 'now' }, 'class java.lang.String can not be converted to milliseconds since epoch'],
  ['a string for a list', { StreamName: 's', Keys: 'a' }, 'Expected list or null'],
  ['a number for a map', { StreamName: 's', Tags: 1 }, 'Expected map or null'],
  ['a string for a structure', { StreamName: 's', Mode: 'A' }, 'Expected null'],
  ['base64 of a wrong length', { StreamName: 's', Data: 'abc' }, "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3"],
  ['a character outside base64', { StreamName: 's', Data: 'ab!=' }, "'ab!=' can not be converted to a Blob: Invalid Base64 character: '!'"],
  ['base64 with bits after its last character', { StreamName: 's', Data: 'eB==' }, "'eB==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"],
  ['URL-safe base64', { StreamName: 's', Data: '-_-_' }, "'-_-_' can not be converted to a Blob: Invalid Base64 character: '-'"],
  ['a body that is a list', [], 'Start of structure or map found where not expected.'],
];
for (const [what, body, message] of wrongTypes) {
  test(`${what} is a SerializationException in Coral's words`, (t) => {
    t.deepEqual(refusal(body), { code: 'SerializationException', message });
  });
}

test('every broken constraint is listed in one ValidationException, nested members with their paths', (t) => {
  const answer = refusal({ StreamName: 'bad name', Limit: 0, Data: 'YWJjZGU=', Keys: ['abcd'], Tags: { long: 'abc' }, Mode: {} });
  t.is(answer?.code, 'ValidationException');
  t.is(answer?.message, [
    '7 validation errors detected:',
    "Value 'bad name' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+;",
    "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1;",
    "Value 'java.nio.HeapByteBuffer[pos=0 lim=5 cap=5]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 4;",
    "Value 'abcd' at 'keys.1.member' failed to satisfy constraint: Member must have length less than or equal to 3;",
    "Value '{long=abc}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 3, Member must have length greater than or equal to 1];",
    "Value '{long=abc}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 2, Member must have length greater than or equal to 0];",
    "Value null at 'mode.kind' failed to satisfy constraint: Member must not be null",
  ].join(' '));
});

test('at most 10 violations are listed', (t) => {
  const many: Members = Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`M${index}`, { type: 'string', required: true }]));
  t.throws(() => readInput({}, many), { message: /^10 validation errors detected: /, name: 'ValidationException' });
});

test('a huge number for an integer is capped at the largest Integer before the range check', (t) => {
  t.is(refusal({ StreamName: 's', Limit: 1e300 })?.message, "1 validation error detected: Value '2147483647' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000");
});

test('a null list member is a ValidationException, not a missing value', (t) => {
  t.is(refusal({ StreamName: 's', Keys: [null, 'a'] })?.message, "1 validation error detected: Value null at 'keys.1.member' failed to satisfy constraint: Member must not be null");
});

test('a body breaking one constraint only is refused, and the same body within it accepted, for each kind of constraint', (t) => {
  const valid = { StreamName: 'ok', Limit: 5, Data: 'YWI=', Keys: ['a', 'bc'], Tags: { k: 'v' }, Mode: { Kind: 'A' } };
  t.is(refusal(valid), undefined);
  const broken: Record<string, unknown>[] = [
    { StreamName: 'bad name' }, { StreamName: '' }, { StreamName: 'x'.repeat(129) }, { StreamName: undefined },
    { Limit: 0 }, { Limit: 10_001 },
    { Data: 'YWJjZGU=' },
    { Keys: [] }, { Keys: ['a', 'b', 'c'] }, { Keys: ['abcd'] }, { Keys: [''] }, { Keys: ['a', null] },
    { Tags: { long: 'v' } }, { Tags: { '': 'v' } }, { Tags: { k: 'abc' } },
    { Mode: { Kind: 'C' } }, { Mode: {} },
  ];
  for (const change of broken) t.is(refusal({ ...valid, ...change })?.code, 'ValidationException', JSON.stringify(change));
  for (const change of [{ StreamName: 'x'.repeat(128) }, { Limit: 10_000 }, { Limit: 1 }, { Data: 'YWJjZA==' }, { Keys: ['abc'] }, { Tags: { abc: 'vv' } }, { Tags: {} }, { Mode: { Kind: 'B' } }, { Mode: undefined }]) {
    t.is(refusal({ ...valid, ...change }), undefined, JSON.stringify(change));
  }
});
