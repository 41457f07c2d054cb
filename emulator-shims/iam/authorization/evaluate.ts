import { getDenialReasons, runSimulation, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';

/** Why a request was refused, in the terms AWS's AccessDenied messages use. */
export type DenialReason = 'implicit-identity' | 'explicit-identity' | 'implicit-resource' | 'explicit-resource';

export interface Evaluation {
  /** `arn:aws:sts::…:assumed-role/…`, a service principal (`lambda.amazonaws.com`) or `arn:aws:iam::…:root`. */
  principal: string;
  principalAccount: string;
  action: string;
  resource: string;
  resourceAccount: string;
  identityPolicies: readonly { name: string; document: unknown }[];
  resourcePolicy?: unknown;
  context: Record<string, string | string[]>;
}

export type EvaluationResult = { allowed: true } | { allowed: false; reason: DenialReason; problem?: string };

/**
 * One IAM evaluation as AWS documents it (identity and resource policies, explicit Deny over Allow,
 * Action/NotAction, Resource/NotResource, conditions), done by `@cloud-copilot/iam-simulate`. A request
 * the simulator cannot run (an action it does not know, a resource of no type the action takes) is
 * refused, with the simulator's reason in `problem`, never allowed by accident.
 */
export async function evaluate(input: Evaluation): Promise<EvaluationResult> {
  const identityPolicies: SimulationIdentityPolicy[] = input.identityPolicies.map((policy) => ({ name: policy.name, policy: policy.document }));
  const result = await runSimulation({
    request: {
      principal: input.principal,
      action: input.action,
      resource: { resource: input.resource, accountId: input.resourceAccount },
      contextVariables: input.context,
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(input.resourcePolicy === undefined ? {} : { resourcePolicy: input.resourcePolicy }),
  }, { simulationMode: 'Strict' });
  if (result.resultType === 'error') return { allowed: false, reason: 'implicit-identity', problem: result.errors.message };
  if (result.overallResult === 'Allowed') return { allowed: true };
  const analysis = result.resultType === 'single' ? result.result.analysis : result.results[0]?.analysis;
  const reasons = analysis ? getDenialReasons(analysis) : [];
  const explicit = reasons.find((reason) => reason.denialType === 'Explicit');
  if (explicit) return { allowed: false, reason: explicit.policyType === 'resource' ? 'explicit-resource' : 'explicit-identity' };
  // Across accounts both sides must allow; the message names the side that did not.
  const identityDenied = reasons.some((reason) => reason.policyType === 'identity');
  const crossAccount = input.principalAccount !== input.resourceAccount;
  return { allowed: false, reason: crossAccount && !identityDenied ? 'implicit-resource' : 'implicit-identity' };
}
