import test from 'ava';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { clientConfig, startEdge } from '../../edge/helpers.js';
import { createFixtureRoles } from '../../edge/fixture-roles.js';
import { decodePayload, uniqueName, zipOf } from '../helpers.js';

const WHO_AM_I = `import os
import boto3


def handler(event, context):
    identity = boto3.client("sts").get_caller_identity()
    return {
        "arn": identity["Arn"],
        "account": identity["Account"],
        "key": os.environ["AWS_ACCESS_KEY_ID"],
        "token": bool(os.environ.get("AWS_SESSION_TOKEN")),
        "region": os.environ["AWS_REGION"],
    }
`;

test('a function runs with temporary credentials for its execution role, which the endpoint maps back to that role session', async (t) => {
  const edge = await startEdge(t);
  await createFixtureRoles(edge.url, { names: ['service-role/transform-role'] });
  const lambda = new LambdaClient(clientConfig(edge));
  const name = uniqueName('whoami');
  await lambda.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'python3.12', Role: 'arn:aws:iam::000000000000:role/service-role/transform-role', Handler: 'app.handler',
    Code: { ZipFile: zipOf({ 'app.py': WHO_AM_I }) }, Timeout: 30,
  }));
  const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  t.is(answer.FunctionError, undefined, Buffer.from(answer.Payload ?? []).toString());
  const body = decodePayload(answer.Payload) as Record<string, unknown>;
  t.is(body.arn, `arn:aws:sts::000000000000:assumed-role/transform-role/${name}`);
  t.is(body.account, '000000000000');
  t.regex(String(body.key), /^ASIA[A-Z2-7]{16}$/);
  t.true(body.token);
  t.is(body.region, 'us-east-1');
  t.like(edge.sessions.find(String(body.key)), { roleArn: 'arn:aws:iam::000000000000:role/service-role/transform-role', sessionName: name, issuer: 'lambda' });
});
