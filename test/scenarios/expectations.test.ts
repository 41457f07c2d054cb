import test from 'ava';
import { checkExpectations, type Observed } from '../../scenarios/index.js';
import { scenarioSchema } from '../../scenarios/schema.js';

const observed = (under: Observed['under']): Observed => ({
  audit: undefined as never, faultHits: 0, accessLog: [], success: [{ key: 'delivered/1', record: { uri: '/a' } }], successKeys: ['delivered/1'],
  errors: [], errorKeys: [], backup: null, backupKeys: [], timeZone: 'UTC', under,
});

const expectations = (expect: unknown[]) => scenarioSchema.parse({ name: 'x', steps: [{ drain: {} }], expect }).expect;

test('records under a key prefix are checked against the objects there, not the success prefix', (t) => {
  const expect = expectations([{ records: { under: 'team/parsed/', count: 2, match: { parsed_by: 'layer' } } }]);
  const own = (parsedBy: string) => ({ key: 'team/parsed/1.json', record: { uri: '/a', parsed_by: parsedBy } });
  t.deepEqual(checkExpectations(expect, observed({ 'team/parsed/': [own('layer'), own('layer')] })), []);
  t.deepEqual(checkExpectations(expect, observed({})), ['records under team/parsed/ matching {}: expected 2, found 0']);
  t.is(checkExpectations(expect, observed({ 'team/parsed/': [own('layer'), own('other')] })).length, 1);
});
