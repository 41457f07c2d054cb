import test from 'ava';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferedItems } from '../../../../emulator-shims/firehose/delivery/buffered-items.js';
import { Ticket } from '../../../../emulator-shims/firehose/delivery/ticket.js';

const text = (pieces: Buffer[]) => Buffer.concat(pieces).toString();

test('records are copied in: the body is their data one after another, with a newline after each when asked', (t) => {
  const items = new BufferedItems(true);
  const source = Buffer.from('first|second');
  const ticket = new Ticket();
  items.push({ data: source.subarray(0, 5), rawData: Buffer.from('raw 1'), arrivalMs: 10, ticket }, true);
  items.push({ data: source.subarray(6), rawData: Buffer.from('raw 2'), arrivalMs: 20, ticket }, true);
  source.fill(0);
  t.is(items.length, 2);
  t.is(text(items.pieces()), 'first\nsecond\n', 'a copy: changing the source buffer later changes nothing');
  t.deepEqual([...items].map((item) => ({ data: item.data.toString(), raw: item.rawData.toString(), at: item.arrivalMs })), [
    { data: 'first\n', raw: 'raw 1', at: 10 },
    { data: 'second\n', raw: 'raw 2', at: 20 },
  ]);
});

test('without raw data kept apart, an item reads back its data as its raw data', (t) => {
  const items = BufferedItems.of([{ data: Buffer.from('only'), rawData: Buffer.from('ignored'), arrivalMs: 1, ticket: new Ticket() }], false);
  t.deepEqual([...items].map((item) => item.rawData.toString()), ['only']);
});

test('a record whose raw data is its data is kept once and reads back the same, among records whose raw data differs; with a newline added, its raw data is kept apart', (t) => {
  const ticket = new Ticket();
  const same = [Buffer.from('same 0'), Buffer.from('same 1'), Buffer.from('same 2'), Buffer.from('')];
  const items = new BufferedItems(true);
  items.push({ data: same[0]!, rawData: same[0]!, arrivalMs: 1, ticket });
  items.push({ data: Buffer.from('changed'), rawData: Buffer.from('raw 1'), arrivalMs: 2, ticket });
  items.push({ data: same[1]!, rawData: same[1]!, arrivalMs: 3, ticket });
  items.push({ data: same[2]!, rawData: same[2]!, arrivalMs: 4, ticket }, true);
  items.push({ data: same[3]!, rawData: same[3]!, arrivalMs: 5, ticket });
  items.push({ data: Buffer.from('last'), rawData: Buffer.from('raw 5'), arrivalMs: 6, ticket });
  for (const buffer of same) buffer.fill(0);
  t.is(text(items.pieces()), 'same 0changedsame 1same 2\nlast');
  t.deepEqual([...items].map((item) => [item.data.toString(), item.rawData.toString()]), [
    ['same 0', 'same 0'], ['changed', 'raw 1'], ['same 1', 'same 1'], ['same 2\n', 'same 2'], ['', ''], ['last', 'raw 5'],
  ]);
});

test('thousands of records, some larger than a slab, read back in order with their own tickets', (t) => {
  const tickets = [new Ticket(), new Ticket(), new Ticket()];
  const records = Array.from({ length: 5_000 }, (_, index) => ({
    data: Buffer.from(index % 1_000 === 7 ? 'x'.repeat(2_000_000) : `record ${index}`),
    rawData: Buffer.from(`raw ${index}`),
    arrivalMs: 1_000 + index,
    ticket: tickets[Math.floor(index / 2_000)]!,
  }));
  const items = BufferedItems.of(records);
  t.is(text(items.pieces()), records.map((record) => record.data.toString()).join(''));
  const read = [...items];
  t.is(read.length, records.length);
  t.true(read.every((item, index) => item.data.equals(records[index]!.data) && item.rawData.equals(records[index]!.rawData)
    && item.arrivalMs === records[index]!.arrivalMs && item.ticket === records[index]!.ticket));
});

test('releasing the items releases each record\'s hold on its ticket, once', (t) => {
  const settled: string[] = [];
  const first = new Ticket(() => settled.push('first'));
  const second = new Ticket(() => settled.push('second'));
  // A ticket starts with one hold: `first` gets one per record of it plus the one left for the test.
  first.hold(3);
  const items = BufferedItems.of([first, first, second, first].map((ticket, index) => ({ data: Buffer.from([index]), rawData: Buffer.alloc(0), arrivalMs: 0, ticket })));
  items.releaseTickets();
  t.deepEqual(settled.sort(), ['second']);
  first.release();
  t.deepEqual(settled.sort(), ['first', 'second']);
});

test('once the bytes are dropped, the count and tickets remain and reading the records throws', (t) => {
  const settled: string[] = [];
  const ticket = new Ticket(() => settled.push('settled'));
  ticket.hold(1);
  const items = BufferedItems.of([{ data: Buffer.from('a'), rawData: Buffer.from('a'), arrivalMs: 0, ticket }, { data: Buffer.from('b'), rawData: Buffer.from('b'), arrivalMs: 0, ticket }]);
  items.dropBytes();
  t.is(items.length, 2);
  t.throws(() => items.pieces(), { message: /dropped/ });
  t.throws(() => [...items], { message: /dropped/ });
  items.releaseTickets();
  t.deepEqual(settled, ['settled']);
});

test('with a scratch folder, bytes past the first MiB wait in a file of the buffer\'s own, and read back the same; dropping them removes it', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-scratch-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const ticket = new Ticket();
  const records = Array.from({ length: 40_000 }, (_, index) => ({
    data: Buffer.from(index % 9_999 === 5 ? 'y'.repeat(1_500_000) : `transformed record ${index}`),
    rawData: Buffer.from(`raw record ${index} ${'r'.repeat(40)}`),
    arrivalMs: index,
    ticket,
  }));
  const items = new BufferedItems(true, folder);
  const inMemory = new BufferedItems(true);
  for (const record of records) {
    items.push(record, true);
    inMemory.push(record, true);
  }
  const files = readdirSync(folder).sort();
  t.deepEqual(files.map((name) => name.split('.')[1]).sort(), ['data', 'raw'], 'one file for the data, one for the raw data');
  const onDisk = Object.fromEntries(files.map((name) => [name.split('.')[1]!, statSync(join(folder, name)).size]));
  t.true(onDisk.data! > 6_000_000 && onDisk.raw! > 0, 'the data past the first MiB is in the file');
  t.true(Buffer.concat(items.pieces()).equals(Buffer.concat(inMemory.pieces())), 'the body is byte-identical');
  const read = [...items];
  t.true(read.every((item, index) => item.data.equals(Buffer.concat([records[index]!.data, Buffer.from('\n')])) && item.rawData.equals(records[index]!.rawData)
    && item.arrivalMs === records[index]!.arrivalMs), 'each record, from the file or from memory, reads back as it came');
  items.dropBytes();
  t.deepEqual(readdirSync(folder), []);
  t.notThrows(() => items.dropBytes(), 'dropping twice is harmless');
});

test('a buffer asked to hash its data hands over its scratch file with the MD5 of the file\'s bytes; one not asked hands it over without', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-scratch-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const ticket = new Ticket();
  const records = Array.from({ length: 30_000 }, (_, index) => ({ data: Buffer.from(`transformed record ${index} ${'x'.repeat(index % 97)}`), rawData: Buffer.from(`raw ${index}`), arrivalMs: index, ticket }));
  const hashed = new BufferedItems(true, folder, true);
  const plain = new BufferedItems(true, folder);
  for (const record of records) {
    hashed.push(record, true);
    plain.push(record, true);
  }
  const file = hashed.takeFile()!;
  const bytes = readFileSync(file.file);
  t.is(bytes.length, file.size);
  t.true(bytes.equals(Buffer.concat(records.map((record) => Buffer.concat([record.data, Buffer.from('\n')])))), 'the file holds every record, the last ones written at the hand-over');
  t.is(file.md5Hex, createHash('md5').update(bytes).digest('hex'));
  const unhashed = plain.takeFile()!;
  t.is(unhashed.md5Hex, undefined);
  t.true(readFileSync(unhashed.file).equals(bytes));
});

test('a small buffer never makes a scratch file', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-scratch-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const items = BufferedItems.of(Array.from({ length: 1_000 }, (_, index) => ({ data: Buffer.from(`r${index}`), rawData: Buffer.from(`raw ${index}`), arrivalMs: 0, ticket: new Ticket() })), true, folder);
  t.is(text(items.pieces()), Array.from({ length: 1_000 }, (_, index) => `r${index}`).join(''));
  t.deepEqual(readdirSync(folder), []);
});
