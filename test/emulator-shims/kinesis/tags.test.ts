import test from 'ava';
import { AddTagsToStreamCommand, ListTagsForStreamCommand, RemoveTagsFromStreamCommand } from '@aws-sdk/client-kinesis';
import { createActiveStream, startKinesis, uniqueStream } from './helpers.js';

test('tags with ":", ".", "/", "=", "+", "-", "@", spaces and unicode are stored and listed as given, sorted by key', async (t) => {
  const { client } = await startKinesis(t);
  const name = uniqueStream('tags');
  await createActiveStream(client, name, 1);
  const tags = { 'hosepipe:pipeline': 'weblogs', 'aws:cloudformation:stack-name': 'a.b/c=d+e-f@g', 'ünïcode key': 'värde', empty: '' };
  await client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: tags }));
  const listed = await client.send(new ListTagsForStreamCommand({ StreamName: name }));
  t.deepEqual(listed.Tags, Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)).map(([Key, Value]) => ({ Key, Value })));
  t.false(listed.HasMoreTags);
  await client.send(new RemoveTagsFromStreamCommand({ StreamName: name, TagKeys: ['hosepipe:pipeline', 'empty'] }));
  t.deepEqual((await client.send(new ListTagsForStreamCommand({ StreamName: name }))).Tags?.map((tag) => tag.Key), ['aws:cloudformation:stack-name', 'ünïcode key']);
});

test('ListTagsForStream pages with Limit and ExclusiveStartTagKey', async (t) => {
  const { client } = await startKinesis(t);
  const name = uniqueStream('tag-pages');
  await createActiveStream(client, name, 1);
  await client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { a: '1', b: '2', c: '3' } }));
  const first = await client.send(new ListTagsForStreamCommand({ StreamName: name, Limit: 2 }));
  t.deepEqual(first.Tags?.map((tag) => tag.Key), ['a', 'b']);
  t.true(first.HasMoreTags);
  const second = await client.send(new ListTagsForStreamCommand({ StreamName: name, ExclusiveStartTagKey: 'b' }));
  t.deepEqual(second.Tags?.map((tag) => tag.Key), ['c']);
});

test('tags with characters Kinesis refuses, or a 51st tag, get InvalidArgumentException; a key over 128 characters a ValidationException', async (t) => {
  const { client, raw } = await startKinesis(t);
  const name = uniqueStream('bad-tags');
  await createActiveStream(client, name, 1);
  const bad = await raw('AddTagsToStream', { StreamName: name, Tags: { 'semi;colon': 'x' } });
  t.is(bad.body.__type, 'InvalidArgumentException');
  t.is(bad.body.message, 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.');
  await client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`k${index}`, 'v'])) }));
  const tooMany = await raw('AddTagsToStream', { StreamName: name, Tags: { one: 'more' } });
  t.is(tooMany.body.__type, 'InvalidArgumentException');
  t.regex(String(tooMany.body.message), /cannot have more than 50 tags/);
  const longKey = await raw('AddTagsToStream', { StreamName: name, Tags: { ['k'.repeat(129)]: 'v' } });
  t.is(longKey.body.__type, 'ValidationException');
  t.regex(String(longKey.body.message), /Map keys must satisfy constraint: \[Member must have length less than or equal to 128, Member must have length greater than or equal to 1\]$/);
});
