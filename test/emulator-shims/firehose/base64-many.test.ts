import test from 'ava';
import { randomBytes } from 'node:crypto';
import { decodeBase64Many } from '../../../emulator-shims/firehose/base64-many.js';

test('each text decodes to exactly what Buffer.from gives it, padded or not, empty, or with characters base64 skips', (t) => {
  const texts = [
    ...Array.from({ length: 50 }, (_, index) => randomBytes(index * 7).toString('base64')),
    '', 'YQ', 'YQ=', 'YWI', 'YWJj', 'Y W\nJj', 'YW*Jj', 'YWJj====', '-_-_',
  ];
  const views = decodeBase64Many(texts);
  t.is(views.length, texts.length);
  texts.forEach((text, index) => t.deepEqual(views[index], Buffer.from(text, 'base64'), JSON.stringify(text)));
});

test('the views do not overlap: writing one leaves the others as they were', (t) => {
  const views = decodeBase64Many(['YWFh', 'YmJi', 'Y2Nj']);
  views[1]!.fill(0x7a);
  t.deepEqual(views.map(String), ['aaa', 'zzz', 'ccc']);
});
