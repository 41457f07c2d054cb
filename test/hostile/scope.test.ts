import test from 'ava';
import { authorization, jsonCall, startHostileEdge } from './harness.js';

const regions = ['..', '.', '%2e%2e', 'US-EAST-1', 'a'.repeat(300)];

for (const region of regions) {
  test(`a Firehose call whose SigV4 region is ${JSON.stringify(region.slice(0, 20))} is refused with 400 InvalidSignatureException and touches no file`, async (t) => {
    const hostile = await startHostileEdge(t);
    const answer = await hostile.send({
      method: 'POST', path: '/', headers: jsonCall('firehose', 'Firehose_20150804.DeleteDeliveryStream', region),
      body: JSON.stringify({ DeliveryStreamName: 'weblogs' }),
    });
    t.is(answer.status, 400);
    t.is(answer.code, 'InvalidSignatureException');
    await hostile.assertUnharmed(t);
  });
}

test('an S3 call whose credential has six parts is refused with 400 IncompleteSignatureException in S3\'s XML', async (t) => {
  const hostile = await startHostileEdge(t);
  const answer = await hostile.send({
    method: 'PUT', path: '/bucket', headers: { authorization: authorization('s3', 'us-east-1/..'), 'x-amz-date': '20260101T000000Z' },
  });
  t.is(answer.status, 400);
  t.is(answer.code, 'IncompleteSignatureException');
  t.regex(answer.text, /^<\?xml/);
  await hostile.assertUnharmed(t);
});
