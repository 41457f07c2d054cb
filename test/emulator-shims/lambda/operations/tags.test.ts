import test from 'ava';
import { ListTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-lambda';
import { createNodeFunction, startLambda, uniqueName } from '../helpers.js';

test('tagResource, listTags and untagResource manage a function\'s tags by ARN', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('tags');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async () => 1;' }, { Tags: { team: 'logs' } });
  const arn = `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
  await client.send(new TagResourceCommand({ Resource: arn, Tags: { stage: 'local', owner: 'me' } }));
  t.deepEqual((await client.send(new ListTagsCommand({ Resource: arn }))).Tags, { team: 'logs', stage: 'local', owner: 'me' });
  await client.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['owner', 'team'] }));
  t.deepEqual((await client.send(new ListTagsCommand({ Resource: arn }))).Tags, { stage: 'local' });
});
