import test from 'ava';
import { matchesDropRule, validateDropRules, type DropRule } from '../../lambda/drop-rules.js';

const fields = ['uri', 'status', 'http_user_agent'];

test('validateDropRules accepts equals and prefix rules over known fields', (t) => {
  const rules = [{ field: 'uri', equals: '/healthz' }, { field: 'uri', prefix: '/static/' }, { field: 'status', equals: 444 }];
  t.deepEqual(validateDropRules(rules, fields), rules);
});

const refuses = test.macro({
  exec(t, value: unknown, problem: RegExp) {
    const result = validateDropRules(value, fields);
    t.is(typeof result, 'string');
    t.regex(result as string, problem);
  },
  title: (provided = '') => `validateDropRules refuses ${provided}`,
});

test('something that is not an array', refuses, { field: 'uri' }, /JSON array/);
test('a field the format does not produce', refuses, [{ field: 'url', equals: '/' }], /field "url" is not produced.*uri, status/);
test('a rule with both equals and prefix', refuses, [{ field: 'uri', equals: '/', prefix: '/' }], /exactly one/);
test('a rule with neither', refuses, [{ field: 'uri' }], /exactly one/);
test('an unknown key', refuses, [{ field: 'uri', equals: '/', regex: '.*' }], /unknown key "regex"/);
test('an empty prefix', refuses, [{ field: 'uri', prefix: '' }], /non-empty/);
test('a non-scalar equals', refuses, [{ field: 'uri', equals: ['/'] }], /string or number/);

const rules: DropRule[] = [{ field: 'uri', equals: '/healthz' }, { field: 'http_user_agent', prefix: 'kube-probe/' }, { field: 'status', equals: '444' }];

test('matchesDropRule matches equals, prefix, and equals across number and text', (t) => {
  t.true(matchesDropRule({ uri: '/healthz' }, rules));
  t.true(matchesDropRule({ uri: '/', http_user_agent: 'kube-probe/1.29' }, rules));
  t.true(matchesDropRule({ status: 444 }, rules));
});

test('matchesDropRule ignores near misses and null fields', (t) => {
  t.false(matchesDropRule({ uri: '/healthz/deep', http_user_agent: 'curl', status: 200 }, rules));
  t.false(matchesDropRule({ uri: null, http_user_agent: null }, rules));
});
