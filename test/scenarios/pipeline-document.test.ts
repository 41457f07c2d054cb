import test from 'ava';
import { overlayPipeline } from '../../scenarios/index.js';

test('a scenario\'s pipeline settings lie over the project\'s object by object; lists and values replace', (t) => {
  const base = { name: 'team', agent: { maxBufferAgeMs: 1000, maxBufferSizeRecords: 500 }, transform: { dropRules: [{ field: 'uri', equals: '/a' }] } };
  t.deepEqual(overlayPipeline(base, { agent: { maxBufferAgeMs: 200 }, transform: { dropRules: [] } }), {
    name: 'team',
    agent: { maxBufferAgeMs: 200, maxBufferSizeRecords: 500 },
    transform: { dropRules: [] },
  });
  t.deepEqual(base.agent, { maxBufferAgeMs: 1000, maxBufferSizeRecords: 500 }, 'the base is not changed');
  t.deepEqual(overlayPipeline(undefined, { name: 'x' }), { name: 'x' });
});
