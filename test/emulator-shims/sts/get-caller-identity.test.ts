import test from 'ava';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig, startEdge } from '../edge/helpers.js';

test('GetCallerIdentity answers the local account root', async (t) => {
  const edge = await startEdge(t);
  const identity = await new STSClient(clientConfig(edge)).send(new GetCallerIdentityCommand({}));
  t.is(identity.Account, '000000000000');
  t.is(identity.Arn, 'arn:aws:iam::000000000000:root');
  t.is(identity.UserId, '000000000000');
});

test('an STS action hosepipe does not answer is InvalidAction in query XML', async (t) => {
  const edge = await startEdge(t);
  const response = await fetch(edge.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0' },
    body: 'Action=GetFederationToken&Version=2011-06-15',
  });
  t.is(response.status, 400);
  t.regex(await response.text(), /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
});

test('an STS fault rule on one action is answered in query XML, the body read only to find the action', async (t) => {
  const edge = await startEdge(t);
  edge.faults.add({ service: 'sts', operation: 'GetCallerIdentity', error: 'Throttling', message: 'Rate exceeded', count: 1 });
  const sts = new STSClient(clientConfig(edge, { maxAttempts: 1 }));
  const error = await t.throwsAsync(sts.send(new GetCallerIdentityCommand({})));
  t.is(error?.name, 'Throttling');
  t.is((await sts.send(new GetCallerIdentityCommand({}))).Account, '000000000000');
});
