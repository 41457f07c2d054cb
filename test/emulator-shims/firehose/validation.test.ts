import test from 'ava';
import { findViolations, validateInput } from '../../../emulator-shims/firehose/validation.js';

const table = {
  Name: { required: true, type: 'string', length: [1, 5], pattern: '[a-z]+' },
  'Hints.Size': { type: 'number', range: [1, 128] },
  'Tags[].Key': { required: true, type: 'string', length: [1, 3] },
  Mode: { type: 'string', enum: ['A', 'B'] },
} as const;

test('findViolations uses AWS wording and lower-camel member paths', (t) => {
  t.deepEqual(findViolations({ Name: 'ABCDEF', Hints: { Size: 0 }, Tags: [{ Key: 'ok' }, { Key: 'long' }], Mode: 'C' }, table), [
    "Value 'ABCDEF' at 'name' failed to satisfy constraint: Member must have length less than or equal to 5",
    "Value 'ABCDEF' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+",
    "Value '0' at 'hints.size' failed to satisfy constraint: Member must have value greater than or equal to 1",
    "Value 'long' at 'tags.2.member.key' failed to satisfy constraint: Member must have length less than or equal to 3",
    "Value 'C' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [A, B]",
  ]);
});

test('a missing required member is "Member must not be null"; nested members only count when their parent exists', (t) => {
  t.deepEqual(findViolations({}, table), ["Value null at 'name' failed to satisfy constraint: Member must not be null"]);
});

test('validateInput throws one ValidationException counting the errors', (t) => {
  const error = t.throws(() => validateInput({ Name: 'x', Hints: { Size: 0 }, Mode: 'Z' }, table));
  t.is((error as { code?: string }).code, 'ValidationException');
  t.regex(error?.message ?? '', /^2 validation errors detected: /);
});

test('a value of the wrong JSON type is a SerializationException', (t) => {
  const error = t.throws(() => validateInput({ Name: 5 }, table));
  t.is((error as { code?: string }).code, 'SerializationException');
});
