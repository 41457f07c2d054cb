import test from 'ava';
import { decodeTagText, encodeTagText } from '../../../emulator-shims/engines/kinesis-tags.js';

test('tag text round-trips through the kinesalite-safe encoding', (t) => {
  for (const text of ['hosepipe:pipeline', 'a.b%c=d', 'aws:cloudformation:stack-name', 'plain text_1/2+3-4@5', 'ünïcode ✓', '']) {
    const encoded = encodeTagText(text);
    t.regex(encoded, /^[\p{L}\p{N}\s_,/=+\-@]*$/u);
    t.is(decodeTagText(encoded), text);
  }
});
