import type { ResourceNames } from './names.js';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Record<string, string | string[]> | '*';
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface PolicyInputs {
  names: ResourceNames;
  accountId: string;
  region: string;
  partition: string;
  /** Static parts of the prefixes Firehose writes under (success, error, backup). */
  writePrefixes: string[];
  kmsKeyArn: string | null;
  /** The team's own function's statements from hosepipe.yaml (`transform.policyStatements`), placeholders expanded. */
  functionStatements?: PolicyStatement[];
}

/** Who may assume each role: Lambda for the transform; Firehose, from this account only, for delivery. */
export function trustPolicies(accountId: string): { transform: PolicyDocument; firehose: PolicyDocument } {
  return {
    transform: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    firehose: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': accountId } } }],
    },
  };
}

/** The transform may only write its own log group, plus what hosepipe.yaml grants the team's own function. */
export function transformPolicy(inputs: PolicyInputs): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'OwnLogGroupOnly', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${inputs.names.functionLogGroupArn}:*` },
      ...(inputs.functionStatements ?? []),
    ],
  };
}

/**
 * Firehose may read only this stream, write objects only under the configured prefixes of this
 * bucket, invoke only this function and write only its own log stream. Every statement names ARNs.
 */
export function firehosePolicy(inputs: PolicyInputs): PolicyDocument {
  const { names } = inputs;
  const objectArns = [...new Set(inputs.writePrefixes)].map((prefix) => `${names.bucketArn}/${prefix}*`);
  const statements: PolicyStatement[] = [
    { Sid: 'ReadTheSourceStream', Effect: 'Allow', Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'], Resource: names.streamArn },
    { Sid: 'SeeTheBucket', Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: names.bucketArn },
    { Sid: 'WriteUnderThePrefixes', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], Resource: objectArns },
    { Sid: 'InvokeTheTransform', Effect: 'Allow', Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], Resource: [names.functionArn, `${names.functionArn}:*`] },
    { Sid: 'OwnLogStreamOnly', Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: `${names.firehoseLogGroupArn}:log-stream:${names.firehoseLogStream}` },
  ];
  if (inputs.kmsKeyArn) {
    statements.push({
      Sid: 'EncryptWithTheBucketKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: inputs.kmsKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': `s3.${inputs.region}.amazonaws.com` } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Deny any request to the bucket that is not over TLS. */
export function bucketPolicy(names: ResourceNames): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*',
      Resource: [names.bucketArn, `${names.bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': false } },
    }],
  };
}

// The only wildcards least privilege still needs: object keys under a named prefix, the log streams
// of one named log group, and the qualifiers (versions) of one named function.
const NARROW_WILDCARDS = [
  /^arn:[^:]+:s3:::[^/*]+\/[^*]+\*$/,
  /^arn:[^:]+:logs:[^:]+:\d{12}:log-group:[^*:]+:\*$/,
  /^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^*:]+:\*$/,
];

/** Pure: Allow statements with a wildcard resource AWS does not require. Empty when least-privilege. */
export function wildcardAllowances(document: PolicyDocument): PolicyStatement[] {
  return document.Statement.filter((statement) => {
    if (statement.Effect !== 'Allow') return false;
    const resources = statement.Resource === undefined ? ['*'] : Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
    if (actions.some((action) => action.includes('*'))) return true;
    return resources.some((resource) => resource.includes('*') && !NARROW_WILDCARDS.some((pattern) => pattern.test(resource)));
  });
}
