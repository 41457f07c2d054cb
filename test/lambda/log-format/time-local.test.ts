import test from 'ava';
import { parseTimeLocal } from '../../../lambda/log-format/index.js';
import { TIME_LOCAL_ISO_BYTES, writeTimeLocalIso } from '../../../lambda/log-format/time-local.js';

const converts = test.macro({
  exec(t, text: string, iso: string) {
    const time = parseTimeLocal(text);
    t.is(time?.iso, iso);
    t.is(time?.epochMs, Date.parse(iso));
  },
  title: (provided = '', text: string) => `parseTimeLocal reads ${text} ${provided}`.trim(),
});

test('with a positive offset', converts, '10/Mar/2024:02:30:00 +0900', '2024-03-10T02:30:00+09:00');
test('in UTC', converts, '01/Jan/2025:00:00:00 +0000', '2025-01-01T00:00:00+00:00');
test('with a negative half-hour offset', converts, '31/Dec/2023:23:59:59 -0330', '2023-12-31T23:59:59-03:30');
test('on a leap day', converts, '29/Feb/2024:12:00:00 +0545', '2024-02-29T12:00:00+05:45');

const refuses = test.macro({
  exec(t, text: string) {
    t.is(parseTimeLocal(text), undefined);
  },
  title: (provided = '', text: string) => `parseTimeLocal refuses ${JSON.stringify(text)} ${provided}`.trim(),
});

test(refuses, '10/Mar/2024:02:30:00');
test(refuses, '10/Foo/2024:02:30:00 +0900');
test(refuses, '10/Mar/2024 02:30:00 +0900');
test(refuses, '10/Mar/2024:25:30:00 +0900');
test(refuses, '10/Mar/2024:02:30:00 0900x');
test(refuses, 'xx/Mar/2024:02:30:00 +0900');

test('writeTimeLocalIso accepts and converts exactly the texts parseTimeLocal does', (t) => {
  const texts = ['10/Mar/2024:02:30:00 +0900', '31/Dec/2023:23:59:59 -0330', '29/Feb/2024:12:00:00 +0545', '01/Jan/0099:00:00:60 +0000'];
  const replacements = ['0', '9', '/', ':', ' ', '+', '-', 'x', 'M', 'a', '\u00e9'];
  for (const text of [...texts]) {
    for (let i = 0; i < text.length; i += 1) for (const r of replacements) texts.push(`${text.slice(0, i)}${r}${text.slice(i + 1)}`);
  }
  for (const text of texts) {
    const bytes = Buffer.from(`..${text}..`, 'latin1');
    const out = Buffer.alloc(TIME_LOCAL_ISO_BYTES + 4, 0x3f);
    const epochMs = writeTimeLocalIso(bytes, 2, out, 2);
    const expected = parseTimeLocal(text);
    if (expected === undefined) {
      t.true(Number.isNaN(epochMs), text);
      continue;
    }
    t.is(epochMs, expected.epochMs, text);
    t.is(out.toString('latin1', 2, 2 + TIME_LOCAL_ISO_BYTES), expected.iso, text);
  }
});
