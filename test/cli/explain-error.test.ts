import test, { type ExecutionContext } from 'ava';
import { explainError } from '../../cli/explain-error.js';
import { iamAction } from '../../provision/index.js';

/** An error shaped like the SDK's: its code as the name, with response metadata. */
function awsError(code: string, message: string, metadata: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name: code, $metadata: { httpStatusCode: 400, attempts: 3, ...metadata } });
}

function socketError(code: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(`connect ${code}`), { code, syscall: 'connect', ...fields });
}

const explains = test.macro({
  exec(t: ExecutionContext, error: unknown, expected: RegExp | undefined, action?: string) {
    const line = explainError(error, action);
    if (expected === undefined) t.is(line, undefined);
    else t.regex(line ?? '(nothing)', expected);
  },
  title: (given) => given ?? '',
});

test('an SSO session that expired is explained as expired credentials', explains,
  Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login'), { name: 'CredentialsProviderError' }),
  /^the AWS credentials have expired \(The SSO session .*\): refresh them \(`aws sso login`/);
test('RequestExpired is explained as expired credentials', explains, awsError('RequestExpired', 'Request has expired.'), /^the AWS credentials have expired/);
test('InvalidClientTokenId says AWS did not accept the credentials', explains,
  awsError('InvalidClientTokenId', 'The security token included in the request is invalid.'),
  /^AWS did not accept the credentials \(InvalidClientTokenId: .*\): check which ones are in use with `aws sts get-caller-identity`/);
test('an AccessDenied without the action in its message names the recorded action', explains,
  awsError('AccessDenied', 'Access Denied', { httpStatusCode: 403 }), /^AWS denied s3:CreateBucket \(AccessDenied: Access Denied\)/, 's3:CreateBucket');
test('Kinesis LimitExceededException for its API rate is throttling', explains,
  awsError('LimitExceededException', 'Rate exceeded for stream s under account 1.'), /^AWS is throttling kinesis:CreateStream .* still after 3 attempts/, 'kinesis:CreateStream');
test('Kinesis LimitExceededException for the shard limit is left to the generic line', explains,
  awsError('LimitExceededException', 'This request would exceed the shard limit for the account.'), undefined);
test('the SDK\'s "Region is missing" names where a region comes from', explains, new Error('Region is missing'), /^no AWS region: pass --region/);
test('a refused connection to loopback inside fetch\'s cause says the endpoint is not running', explains,
  Object.assign(new TypeError('fetch failed'), { cause: socketError('ECONNREFUSED', { address: '127.0.0.1', port: 4566 }) }),
  /^nothing answers at 127\.0\.0\.1:4566 \(the local endpoint is not running\)/);
test('an unknown AWS host is a network problem, not a missing endpoint', explains,
  socketError('ENOTFOUND', { hostname: 'sts.mars-north-1.amazonaws.com' }), /^could not reach sts\.mars-north-1\.amazonaws\.com \(ENOTFOUND\)/);
test('EADDRINUSE names the port', explains, socketError('EADDRINUSE', { syscall: 'listen', address: '127.0.0.1', port: 8080 }), /^port 8080 on 127\.0\.0\.1 is in use/);
test('nginx\'s own bind failure names nginx.listen', explains,
  new Error('nginx failed to start: nginx: [emerg] bind() to 127.0.0.1:8080 failed (98: Address already in use)'), /^port 8080 on 127\.0\.0\.1 is in use .* nginx\.listen/);
test('an ordinary bug is not explained', explains, new TypeError("Cannot read properties of undefined (reading 'x')"), undefined);
test('a thrown string is not explained', explains, 'boom', undefined);

test('iamAction maps SDK commands to the IAM action names AWS uses, S3\'s renamed ones included', (t) => {
  t.is(iamAction('KinesisClient', 'CreateStreamCommand'), 'kinesis:CreateStream');
  t.is(iamAction('S3Client', 'HeadBucketCommand'), 's3:ListBucket');
  t.is(iamAction('S3Client', 'PutBucketEncryptionCommand'), 's3:PutEncryptionConfiguration');
  t.is(iamAction('S3Client', 'CreateBucketCommand'), 's3:CreateBucket');
  t.is(iamAction('CloudWatchLogsClient', 'DescribeLogGroupsCommand'), 'logs:DescribeLogGroups');
  t.is(iamAction('STSClient', 'GetCallerIdentityCommand'), 'sts:GetCallerIdentity');
});
