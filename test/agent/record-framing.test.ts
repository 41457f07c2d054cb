import test from 'ava';
import { createHash } from 'node:crypto';
import { frameLine, joinRecordParts, parseRecordPart, partitionKeyOf, splitIntoParts } from '../../agent/record-framing.js';

const fixed = { newPartId: () => '0123456789abcdef', newRandomKey: () => 'k'.repeat(32) };

test('a line that fits is one record with its newline kept', (t) => {
  const framed = frameLine(Buffer.from('GET / 200\n'), { recordLimitBytes: 1_048_576, oversize: 'split', partitionKey: 'RANDOM', ...fixed });
  t.deepEqual(framed.records.map(String), ['GET / 200\n']);
  t.false(framed.oversize);
});

test('a line over the limit is split into framed parts no larger than the limit minus the key', (t) => {
  const line = Buffer.from(`${'z'.repeat(250)}\n`);
  const framed = frameLine(line, { recordLimitBytes: 132, oversize: 'split', partitionKey: 'RANDOM', ...fixed });
  t.true(framed.oversize);
  t.true(framed.records.every((record) => record.length + 32 <= 132));
  t.is(framed.records[0]!.subarray(0, 34).toString('latin1'), '\u001ehosepipe-part 0123456789abcdef 1/');
  t.deepEqual(joinRecordParts(framed.records).lines, [line]);
});

test('the part count settles when the prefix grows with its digits', (t) => {
  const parts = splitIntoParts(Buffer.alloc(2000, 'a'), 60, '0123456789abcdef');
  const parsed = parts.map((part) => parseRecordPart(part)!);
  t.true(parts.every((part) => part.length <= 60));
  t.true(parsed.every((part) => part.count === parts.length));
  t.deepEqual(parsed.map((part) => part.index), parts.map((_, index) => index + 1));
});

test('truncate mode cuts the line to the limit and ends it with a newline', (t) => {
  const framed = frameLine(Buffer.alloc(200, 'b'), { recordLimitBytes: 132, oversize: 'truncate', partitionKey: 'RANDOM', ...fixed });
  t.is(framed.records.length, 1);
  t.is(framed.records[0]!.length, 100);
  t.is(framed.records[0]!.at(-1), 0x0a);
});

test('DETERMINISTIC keys are the same for equal lines', (t) => {
  const options = { recordLimitBytes: 1_048_576, oversize: 'split', partitionKey: 'DETERMINISTIC' } as const;
  t.is(frameLine(Buffer.from('x\n'), options).partitionKey, frameLine(Buffer.from('x\n'), options).partitionKey);
  t.not(frameLine(Buffer.from('x\n'), options).partitionKey, frameLine(Buffer.from('y\n'), options).partitionKey);
});

test('joinRecordParts rejoins out of order parts, ignores repeated parts and reports incomplete groups', (t) => {
  const parts = splitIntoParts(Buffer.from('abcdefghij\n'), 40, 'aaaaaaaaaaaaaaaa');
  const orphan = splitIntoParts(Buffer.from('0123456789\n'), 40, 'bbbbbbbbbbbbbbbb')[0]!;
  const joined = joinRecordParts([Buffer.from('plain\n'), parts[1]!, orphan, parts[0]!, ...parts.slice(2), parts[0]!]);
  t.deepEqual(joined.lines.map(String), ['plain\n', 'abcdefghij\n']);
  t.deepEqual(joined.incomplete, ['bbbbbbbbbbbbbbbb']);
});

test('random partition keys are 32 hex characters and differ from line to line, past a refill of their pool', (t) => {
  const keys = Array.from({ length: 1000 }, () => frameLine(Buffer.from('GET / 200\n'), { recordLimitBytes: 1_048_576, oversize: 'split', partitionKey: 'RANDOM' }).partitionKey);
  t.true(keys.every((key) => /^[0-9a-f]{32}$/.test(key)));
  t.is(new Set(keys).size, keys.length);
});

test('random partition keys are 32 lowercase hex characters, all different across several refills of the key pool', (t) => {
  const keys = Array.from({ length: 1000 }, () => frameLine(Buffer.from('GET / 200\n'), { recordLimitBytes: 1024 * 1024, oversize: 'split', partitionKey: 'RANDOM' }).partitionKey);
  t.true(keys.every((key) => /^[0-9a-f]{32}$/.test(key)));
  t.is(new Set(keys).size, keys.length);
});

test('frameLine puts every part of a split line under the partition key it is given, and partitionKeyOf is the MD5 of the line for DETERMINISTIC', (t) => {
  const line = Buffer.from(`${'z'.repeat(250)}\n`);
  const framed = frameLine(line, { recordLimitBytes: 132, oversize: 'split', partitionKey: 'RANDOM', ...fixed }, 'f'.repeat(32));
  t.is(framed.partitionKey, 'f'.repeat(32));
  t.true(framed.records.length > 1 && framed.records.every((record) => record.length + 32 <= 132));
  t.is(partitionKeyOf(Buffer.from('GET / 200\n'), { partitionKey: 'DETERMINISTIC' }), createHash('md5').update('GET / 200\n').digest('hex'));
});
