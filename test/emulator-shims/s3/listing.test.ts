import test from 'ava';
import { listPage, type ListInput } from '../../../emulator-shims/s3/listing.js';
import { compareKeys } from '../../../emulator-shims/s3/object-index.js';

function sorted(keys: string[]) {
  const all = [...keys].sort(compareKeys);
  return {
    position: (key: string) => { const at = all.findIndex((candidate) => compareKeys(candidate, key) >= 0); return at < 0 ? all.length : at; },
    keyAt: (index: number) => all[index],
  };
}

const KEYS = ['a/1', 'a/2', 'b', 'c/x/1', 'c/y', 'd', 'e/'];
const pages = test.macro({
  exec(t, input: ListInput, expected: { keys: string[]; prefixes: string[]; truncated: boolean }) {
    const page = listPage(sorted(KEYS), input);
    t.deepEqual({ keys: page.keys, prefixes: page.commonPrefixes, truncated: page.isTruncated }, expected);
  },
  title: (what = '') => `listPage ${what}`,
});

test('lists every key in order', pages, { prefix: '', maxKeys: 1000 }, { keys: KEYS, prefixes: [], truncated: false });
test('groups by a delimiter into common prefixes', pages, { prefix: '', delimiter: '/', maxKeys: 1000 }, { keys: ['b', 'd'], prefixes: ['a/', 'c/', 'e/'], truncated: false });
test('counts common prefixes toward max-keys', pages, { prefix: '', delimiter: '/', maxKeys: 2 }, { keys: ['b'], prefixes: ['a/'], truncated: true });
test('starts after a marker inside a common prefix without repeating it', pages, { prefix: '', delimiter: '/', after: 'a/1', maxKeys: 1000 }, { keys: ['b', 'd'], prefixes: ['c/', 'e/'], truncated: false });
test('keeps to a prefix', pages, { prefix: 'c/', delimiter: '/', maxKeys: 1000 }, { keys: ['c/y'], prefixes: ['c/x/'], truncated: false });
test('answers nothing for max-keys 0', pages, { prefix: '', maxKeys: 0 }, { keys: [], prefixes: [], truncated: false });

test('compareKeys orders by UTF-8 bytes: U+FFFD before U+1F600, which JavaScript would put first', (t) => {
  t.true(compareKeys('\uFFFD', '\u{1F600}') < 0);
  t.true('\uFFFD' > '\u{1F600}');
  t.true(compareKeys('a', 'ab') < 0);
});
