import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** The role names the suite's fixtures give Firehose and Lambda when a test is not about IAM. */
export const FIXTURE_ROLE_NAMES = ['firehose', 'firehose-role', 'lambda-role', 'l', 'r', 'role', 'transform-role'] as const;

// Allowed what a delivery stream, a transform and a pipeline's operator do: IAM is evaluated (it is on
// by default), and these tests are about something else.
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:*', 'kinesis:*', 'firehose:*', 'lambda:*', 'logs:*', 'iam:PassRole'], Resource: '*' }],
});

export interface FixtureRoleOptions {
  /** The caller's key: a 12-digit key names the account the roles are made in; anything else is the default one. */
  accessKeyId?: string;
  /** Role names, with a path if any (`service-role/transform-role`); default FIXTURE_ROLE_NAMES. */
  names?: readonly string[];
  /** An account whose root may assume the roles too (sts:AssumeRole), besides Firehose and Lambda. */
  trustedAccount?: string;
}

/** Creates roles trusted by Firehose and Lambda (`arn:aws:iam::<account>:role/<path/><name>`) on an endpoint. Idempotent. */
export async function createFixtureRoles(endpoint: string, options: FixtureRoleOptions = {}): Promise<void> {
  const iam = new IAMClient({
    endpoint, region: 'us-east-1', credentials: { accessKeyId: options.accessKeyId ?? 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1,
  });
  const principal = { Service: ['firehose.amazonaws.com', 'lambda.amazonaws.com'], ...(options.trustedAccount ? { AWS: `arn:aws:iam::${options.trustedAccount}:root` } : {}) };
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
  try {
    for (const full of options.names ?? FIXTURE_ROLE_NAMES) {
      const parts = full.split('/');
      const name = parts.pop()!;
      const path = parts.length === 0 ? '/' : `/${parts.join('/')}/`;
      // A second call on the same endpoint finds the role there and sets its policy again.
      await iam.send(new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: trust })).catch((error: Error) => {
        if (error.name !== 'EntityAlreadyExistsException') throw error;
      });
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'fixture', PolicyDocument: POLICY }));
    }
  } finally {
    iam.destroy();
  }
}
