import test from 'ava';
import { formatJavaDate, isKnownTimeZone, parseJavaDatePattern } from '../../../emulator-shims/firehose/date-format.js';

const AT = Date.parse('2018-08-27T10:30:12.345Z');

const formats = test.macro({
  exec(t, pattern: string, timeZone: string, expected: string) {
    t.is(formatJavaDate(pattern, AT, timeZone), expected);
  },
  title: (provided = '', pattern: string, timeZone: string, expected: string) => `formatJavaDate renders ${pattern} in ${timeZone} as ${expected}${provided ? ` (${provided})` : ''}`,
});

test(formats, 'yyyy/MM/dd/HH/', 'UTC', '2018/08/27/10/');
test(formats, 'yyyy-MM-dd-HH-mm-ss', 'UTC', '2018-08-27-10-30-12');
test('two-letter year', formats, 'yy', 'UTC', '18');
test('day of year', formats, 'D DDD', 'UTC', '239 239');
test('text fields', formats, 'EEE EEEE MMM MMMM a', 'UTC', 'Mon Monday Aug August AM');
test('quoted literals and escaped quote', formats, "yyyy'-'MM 'at' HH''", 'UTC', "2018-08 at 10'");
test('CustomTimeZone', formats, 'yyyy/MM/dd/HH', 'Asia/Seoul', '2018/08/27/19');
test('fraction and offset', formats, 'SSS XXX', 'Asia/Kolkata', '345 +05:30');
test('clock-hour fields', formats, 'hh KK kk', 'UTC', '10 10 10');

test('parseJavaDatePattern refuses unknown letters and unterminated quotes', (t) => {
  t.throws(() => parseJavaDatePattern('yyyy/bb'), { message: /Unknown pattern letter: b/ });
  t.throws(() => parseJavaDatePattern("yyyy'x"), { message: /incomplete string literal/ });
  t.throws(() => parseJavaDatePattern('yyyy[MM]'), { message: /reserved/ });
});

test('isKnownTimeZone accepts IANA names and refuses made-up ones', (t) => {
  t.true(isKnownTimeZone('Asia/Tokyo'));
  t.false(isKnownTimeZone('Mars/Olympus'));
});

test('isKnownTimeZone accepts UTC, aliases and other spellings DateTimeFormat takes, and refuses what it refuses', (t) => {
  for (const zone of ['UTC', 'Asia/Calcutta', 'asia/seoul', 'US/Pacific', 'Etc/GMT+5', 'GMT']) t.true(isKnownTimeZone(zone), zone);
  for (const zone of ['', 'Asia', '../etc/passwd', 'Asia/Seoul ', 'UTC\0']) t.false(isKnownTimeZone(zone), JSON.stringify(zone));
});
