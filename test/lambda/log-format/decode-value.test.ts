import test from 'ava';
import { decodeValue, escapeLikeNginx, type LogEscape } from '../../../lambda/log-format/decode-value.js';

const decodes = test.macro({
  exec(t, escape: LogEscape, raw: string, lineIsUtf8: boolean, expected: string | undefined) {
    t.is(decodeValue(raw, escape, lineIsUtf8), expected);
  },
  title: (provided = '', escape: LogEscape) => `decodeValue under escape=${escape} ${provided}`,
});

test('passes plain text through', decodes, 'default', 'curl/8.5.0', true, 'curl/8.5.0');
test('turns \\x22 and \\x5C back into a quote and a backslash', decodes, 'default', 'a\\x22b\\x5Cc', true, 'a"b\\c');
test('decodes escaped UTF-8 bytes to text', decodes, 'default', '\\xF0\\x9F\\x9A\\x80 rocket', true, '🚀 rocket');
test('accepts lowercase hex', decodes, 'default', '\\xc3\\xa9', true, 'é');
test('keeps escapes verbatim when the bytes are not UTF-8', decodes, 'default', 'x\\xFF\\xFEy', true, 'x\\xFF\\xFEy');
test('keeps a backslash that starts no escape', decodes, 'default', 'a\\x4', true, 'a\\x4');
test('rejects an unescaped quote nginx would have escaped', decodes, 'default', 'a"b', true, undefined);
test('unescapes JSON escapes', decodes, 'json', 'a\\"b\\\\c\\n\\u001f', true, 'a"b\\c\n\u001f');
test('rejects an unescaped quote', decodes, 'json', 'a"b', true, undefined);
test('rejects an escape JSON does not know', decodes, 'json', 'a\\qb', true, undefined);
test('takes raw bytes of a line that was not UTF-8 as UTF-8 when they are', decodes, 'none', Buffer.from('é', 'utf8').toString('latin1'), false, 'é');
test('writes raw bytes that are not UTF-8 as nginx escapes', decodes, 'none', '\xff"\\', false, '\\xFF\\x22\\x5C');
test('keeps everything as is', decodes, 'none', 'a"b\\x22', true, 'a"b\\x22');

test('escapeLikeNginx escapes control bytes, quote, backslash, DEL and high bytes in uppercase hex', (t) => {
  t.is(escapeLikeNginx(Uint8Array.from([0x00, 0x1f, 0x20, 0x22, 0x41, 0x5c, 0x7e, 0x7f, 0x80, 0xff])), '\\x00\\x1F \\x22A\\x5C~\\x7F\\x80\\xFF');
});
