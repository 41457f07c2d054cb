import test from 'ava';
import { byteLength, encodeFrame, FrameReader, type Frame } from '../../../../emulator-shims/lambda/runtime/frames.js';

const read = (chunks: Buffer[]): Frame[] => {
  const frames: Frame[] = [];
  const reader = new FrameReader((frame) => frames.push(frame));
  for (const chunk of chunks) reader.push(chunk);
  return frames;
};

test('a frame carries its meta as JSON and its body as the bytes given, uncopied pieces included', (t) => {
  const body = [Buffer.from('{"records":'), Buffer.from('[]}')];
  const pieces = encodeFrame({ type: 'invoke', id: 'r1' }, body);
  t.is(pieces[1], body[0]);
  const frames = read([Buffer.concat(pieces)]);
  t.deepEqual(frames.map((frame) => frame.meta), [{ type: 'invoke', id: 'r1' }]);
  t.is(Buffer.concat(frames[0]!.body).toString(), '{"records":[]}');
});

test('frames split at every byte, or run together in one chunk, read back the same', (t) => {
  const stream = Buffer.concat([
    ...encodeFrame({ type: 'log', text: 'héllo\n' }),
    ...encodeFrame({ type: 'result', id: 'a', memoryMb: 1 }, [Buffer.from('"é"')]),
    ...encodeFrame({ type: 'ready' }),
  ]);
  const expected = [
    { meta: { type: 'log', text: 'héllo\n' }, body: '' },
    { meta: { type: 'result', id: 'a', memoryMb: 1 }, body: '"é"' },
    { meta: { type: 'ready' }, body: '' },
  ];
  for (let size = 1; size <= stream.length; size += 1) {
    const chunks = Array.from({ length: Math.ceil(stream.length / size) }, (_, index) => stream.subarray(index * size, (index + 1) * size));
    t.deepEqual(read(chunks).map((frame) => ({ meta: frame.meta, body: Buffer.concat(frame.body).toString() })), expected, `chunks of ${size}`);
  }
});

test('a frame body is returned as views into the chunks it arrived in', (t) => {
  const body = Buffer.alloc(100_000, 7);
  const stream = Buffer.concat(encodeFrame({ type: 'result', id: 'x', memoryMb: 1 }, [body]));
  const chunks = [stream.subarray(0, 30_000), stream.subarray(30_000, 70_000), stream.subarray(70_000)];
  const [frame] = read(chunks);
  t.is(byteLength(frame!.body), body.length);
  t.is(frame!.body.length, 3);
  t.is(frame!.body[1]!.buffer, chunks[1]!.buffer);
});

test('a frame whose meta is not JSON makes push throw', (t) => {
  const meta = Buffer.from('not json');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(meta.length, 0);
  t.throws(() => read([Buffer.concat([head, meta])]), { instanceOf: SyntaxError });
});
