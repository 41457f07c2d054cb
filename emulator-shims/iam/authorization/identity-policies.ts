import { readFileSync } from 'node:fs';
import type { IamAccounts, RoleRecord } from '../store.js';

interface ManagedPolicyData {
  policies: Record<string, { version: string; document: unknown }>;
}

let awsManaged: ManagedPolicyData['policies'] | undefined;
const warned = new Set<string>();

/** The AWS managed policies hosepipe knows, by ARN (their default versions, from AWS's published documents). */
export function awsManagedPolicies(): Readonly<ManagedPolicyData['policies']> {
  awsManaged ??= (JSON.parse(readFileSync(new URL('./aws-managed-policies.json', import.meta.url), 'utf8')) as ManagedPolicyData).policies;
  return awsManaged;
}

/** Pure but for the data file: whether a policy ARN is an AWS managed one (`arn:aws:iam::aws:policy/…`). */
export function isAwsManagedArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}

/**
 * The identity policies of a role as IAM evaluates them: its inline policies, and the default version of
 * each attached managed policy (AWS managed ones from hosepipe's data, customer ones from the store). An
 * attached AWS managed policy hosepipe does not carry grants nothing, and says so once on stderr.
 */
export function identityPoliciesOf(role: RoleRecord, stores: IamAccounts): { name: string; document: unknown }[] {
  const out: { name: string; document: unknown }[] = [];
  for (const [name, text] of Object.entries(role.InlinePolicies)) out.push({ name, document: parse(text) });
  for (const attached of role.AttachedPolicies) {
    const arn = attached.PolicyArn;
    if (isAwsManagedArn(arn)) {
      const known = awsManagedPolicies()[arn.replace(/^arn:aws[a-z-]*:/, 'arn:aws:')];
      if (known) out.push({ name: arn, document: known.document });
      else if (!warned.has(arn)) {
        warned.add(arn);
        process.stderr.write(`hosepipe iam: ${arn} (attached to ${role.Arn}) is an AWS managed policy hosepipe does not carry; it grants nothing locally\n`);
      }
      continue;
    }
    const policy = stores.findPolicy(arn);
    const version = policy?.Versions.find((candidate) => candidate.VersionId === policy.DefaultVersionId);
    if (version) out.push({ name: arn, document: parse(version.Document) });
  }
  return out;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { Version: '2012-10-17', Statement: [] };
  }
}
