import test from 'ava';
import { functionArn, parseFunctionReference } from '../../../emulator-shims/lambda/arn.js';

const SCOPE = { accountId: '000000000000', region: 'eu-west-1' };

test('functionArn builds the unqualified and the qualified ARN', (t) => {
  t.is(functionArn(SCOPE, 'transform'), 'arn:aws:lambda:eu-west-1:000000000000:function:transform');
  t.is(functionArn(SCOPE, 'transform', '$LATEST'), 'arn:aws:lambda:eu-west-1:000000000000:function:transform:$LATEST');
});

const reads = test.macro((t, input: string, expected: unknown) => {
  t.deepEqual(parseFunctionReference(input), expected);
});
test('parseFunctionReference reads a plain name', reads, 'transform', { name: 'transform' });
test('parseFunctionReference reads a name with a qualifier', reads, 'transform:$LATEST', { name: 'transform', qualifier: '$LATEST' });
test('parseFunctionReference reads a partial ARN', reads, '000000000000:function:transform', { accountId: '000000000000', name: 'transform' });
test('parseFunctionReference reads a full ARN with a qualifier', reads, 'arn:aws:lambda:us-east-1:123456789012:function:transform:prod', {
  region: 'us-east-1', accountId: '123456789012', name: 'transform', qualifier: 'prod',
});
test('parseFunctionReference rejects a name with spaces', reads, 'not a name', undefined);
