import type { AuthorizationRequest, Principal, RoleAccess } from '../../shared/index.js';
import { parseRoleArn, roleIdOf } from '../../sts/index.js';
import type { IamAccounts, RoleRecord } from '../store.js';
import { accessDenied } from './denial.js';
import { createDenialLog, type DenialLog } from './denial-log.js';
import { evaluate, type DenialReason, type EvaluationResult } from './evaluate.js';
import { identityPoliciesOf } from './identity-policies.js';

export interface AuthorizerOptions {
  accounts: IamAccounts;
  /** Off: every call is allowed, as before IAM was evaluated. */
  enforce: boolean;
  now?: () => number;
  /** Where a denial is told (default: one stderr line per distinct denial a minute). */
  report?: (line: string) => void;
}

/** The endpoint's IAM evaluation: what the edge and the services ask before a role session's call goes through. */
export interface Authorizer extends RoleAccess {
  /** Undefined when allowed; the reason otherwise. Root principals are always allowed. */
  decide(principal: Principal, request: AuthorizationRequest): Promise<DenialReason | undefined>;
  /** Whether `caller` may assume the role: its trust policy, and for a role session its own policies too. */
  callerCanAssume(roleArn: string, caller: Principal, context?: Readonly<Record<string, string>>): Promise<boolean>;
  readonly denials: DenialLog;
}

// Evaluations kept per policy version; past this many the cache starts again (a bound, not an LRU).
const CACHE_LIMIT = 20_000;

/**
 * IAM evaluation with a cache: a decision depends only on the stored policies (their version), the
 * principal, the action, the resource, the resource's policy and the condition keys, so it is kept
 * under exactly those and reused until a policy changes. Requests carry no time-dependent keys.
 */
export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  const { accounts: stores } = options;
  const now = options.now ?? Date.now;
  const denials = createDenialLog({ now, ...(options.report ? { report: options.report } : {}) });
  let cachedVersion = -1;
  const byResourcePolicy = new Map<string, Map<string, EvaluationResult>>();

  const cached = async (key: string, resourcePolicy: string, run: () => Promise<EvaluationResult>): Promise<EvaluationResult> => {
    if (cachedVersion !== stores.version()) {
      byResourcePolicy.clear();
      cachedVersion = stores.version();
    }
    let cache = byResourcePolicy.get(resourcePolicy);
    const hit = cache?.get(key);
    if (hit) return hit;
    const result = await run();
    if (!cache) byResourcePolicy.set(resourcePolicy, (cache = new Map()));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, result);
    return result;
  };

  const decide = async (principal: Principal, request: AuthorizationRequest): Promise<DenialReason | undefined> => {
    if (!options.enforce || principal.type !== 'assumed-role') return undefined;
    const role = stores.findRole(principal.roleArn);
    const context = { ...request.context };
    const key = `${principal.arn}\0${principal.roleArn}\0${request.action}\0${request.resource}\0${request.region}\0${contextKey(context)}`;
    const result = await cached(key, request.resourcePolicy ?? '', async () => evaluate({
      principal: principal.arn,
      principalAccount: principal.accountId,
      action: request.action,
      resource: request.resource,
      resourceAccount: resourceAccountOf(request.resource, principal.accountId),
      identityPolicies: role ? identityPoliciesOf(role, stores) : [],
      ...(request.resourcePolicy === undefined ? {} : { resourcePolicy: parsePolicy(request.resourcePolicy) }),
      context: { ...globalKeys(principal, role, request.region), ...context },
    }));
    if (result.allowed) return undefined;
    denials.record({ principal: principal.arn, action: request.action, resource: request.resource, reason: result.reason, ...(result.problem ? { problem: result.problem } : {}) });
    return result.reason;
  };

  const trusts = async (roleArn: string, caller: string, callerAccount: string, identity: readonly { name: string; document: unknown }[], context: Readonly<Record<string, string>>): Promise<boolean> => {
    const role = stores.findRole(roleArn);
    if (!role) return false;
    const key = `trust\0${roleArn}\0${caller}\0${contextKey(context)}`;
    const result = await cached(key, role.AssumeRolePolicyDocument, () => evaluate({
      principal: caller,
      principalAccount: callerAccount,
      action: 'sts:AssumeRole',
      resource: role.Arn,
      resourceAccount: parseRoleArn(role.Arn)?.accountId ?? callerAccount,
      identityPolicies: identity,
      resourcePolicy: parsePolicy(role.AssumeRolePolicyDocument),
      context: { 'aws:SecureTransport': 'true', ...context },
    }));
    return result.allowed;
  };

  return {
    get enforce() {
      return options.enforce;
    },
    denials,
    decide,
    async check(principal, request, service) {
      const reason = await decide(principal, request);
      if (reason !== undefined) throw accessDenied(service, principal.arn, request.action, request.resource, reason);
    },
    async serviceCanAssume(roleArn, servicePrincipal, context = {}) {
      if (!options.enforce) return true;
      return trusts(roleArn, servicePrincipal, parseRoleArn(roleArn)?.accountId ?? '', [], context);
    },
    async callerCanAssume(roleArn, caller, context = {}) {
      if (!options.enforce) return true;
      // The account's root may do anything its account allows; roles name it as `arn:aws:iam::<account>:root`.
      if (caller.type === 'root') return trusts(roleArn, caller.arn, caller.accountId, [{ name: 'root', document: ROOT_POLICY }], context);
      const own = stores.findRole(caller.roleArn);
      return trusts(roleArn, caller.arn, caller.accountId, own ? identityPoliciesOf(own, stores) : [], context);
    },
    sessionPrincipal(roleArn, sessionName) {
      const role = parseRoleArn(roleArn);
      if (!role) return undefined;
      return {
        type: 'assumed-role', accountId: role.accountId, roleArn, roleName: role.roleName, roleId: roleIdOf(roleArn), sessionName,
        arn: `arn:${role.partition}:sts::${role.accountId}:assumed-role/${role.roleName}/${sessionName}`, accessKeyId: '', expiresAt: Number.MAX_SAFE_INTEGER,
      };
    },
  };
}

const ROOT_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The global condition keys every request of a role session carries. */
function globalKeys(principal: Extract<Principal, { type: 'assumed-role' }>, role: RoleRecord | undefined, region: string): Record<string, string> {
  const keys: Record<string, string> = {
    // Deliberate deviation: the endpoint is plain HTTP on loopback, and stands for AWS's TLS endpoints.
    'aws:SecureTransport': 'true',
    'aws:SourceIp': '127.0.0.1',
    'aws:PrincipalArn': principal.roleArn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': `${principal.roleId}:${principal.sessionName}`,
    'aws:PrincipalIsAWSService': 'false',
    'aws:ViaAWSService': 'false',
    'aws:RequestedRegion': region,
  };
  for (const tag of role?.Tags ?? []) keys[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
  return keys;
}

function contextKey(context: Readonly<Record<string, string | string[]>>): string {
  return Object.keys(context).sort().map((key) => `${key}=${JSON.stringify(context[key])}`).join('&');
}

// An ARN's account field; S3 ARNs have none (a bucket belongs to the caller's account locally).
function resourceAccountOf(arn: string, fallback: string): string {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : fallback;
}

function parsePolicy(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Stored documents were checked when they were put; one that is not JSON grants nothing.
    return { Version: '2012-10-17', Statement: [] };
  }
}
