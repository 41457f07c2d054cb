import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readJsonFile, safeFileName, writeJsonAtomically } from '../shared/index.js';
import { noSuchRole } from './errors.js';

export interface RoleRecord {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  Tags: { Key: string; Value: string }[];
  /** Inline policies by name, documents as sent (read with inlinePolicy: names like `constructor` are legal). */
  InlinePolicies: Record<string, string>;
  AttachedPolicies: { PolicyName: string; PolicyArn: string }[];
}

/** A customer managed policy (CreatePolicy) and its versions; the default one is what IAM evaluates. */
export interface ManagedPolicyRecord {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  DefaultVersionId: string;
  Tags: { Key: string; Value: string }[];
  Versions: { VersionId: string; Document: string; CreateDate: string }[];
  /** The next version number CreatePolicyVersion hands out (IAM never reuses one). */
  NextVersion: number;
}

/** The roles and customer managed policies of one account, as the IAM operations see them. */
export interface IamStore {
  role(name: string): RoleRecord;
  find(name: string): RoleRecord | undefined;
  roles(): RoleRecord[];
  put(role: RoleRecord): void;
  remove(name: string): void;
  policy(arn: string): ManagedPolicyRecord | undefined;
  policies(): ManagedPolicyRecord[];
  putPolicy(policy: ManagedPolicyRecord): void;
  removePolicy(arn: string): void;
}

/** IAM state of an endpoint: one store per account (IAM is global: no region); what operations and authorization read. */
export interface IamAccounts {
  account(accountId: string): IamStore;
  /** The role an ARN names (its account, path and name), if it exists. */
  findRole(roleArn: string): RoleRecord | undefined;
  /** A customer managed policy by ARN, in the account the ARN names. */
  findPolicy(policyArn: string): ManagedPolicyRecord | undefined;
  /** Grows with every change, so evaluations cached under an older value are stale. */
  version(): number;
}

/** The inline policy of that name, or undefined; only the role's own entries count. */
export function inlinePolicy(role: RoleRecord, name: string): string | undefined {
  return Object.hasOwn(role.InlinePolicies, name) ? role.InlinePolicies[name] : undefined;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const ARN_ACCOUNT = /^arn:aws[a-z-]*:iam::(\d{12}):/;

/**
 * Roles and customer managed policies per account under `<stateDir>/iam/<account>/` (`roles.json`,
 * `policies.json`), kept in memory and written after every change (atomically, by rename), so they
 * survive a restart like the other resources. The one `iam/roles.json` of older versions becomes the
 * default account's file. A file that cannot be read is reported through `warn` and left for a look.
 */
export function createIamAccounts(stateDir: string, defaultAccountId: string, warn: (line: string) => void): IamAccounts {
  const root = join(stateDir, 'iam');
  const legacy = join(root, 'roles.json');
  const folderOf = (accountId: string) => join(root, safeFileName(accountId));
  const defaultRoles = join(folderOf(defaultAccountId), 'roles.json');
  if (existsSync(legacy) && !existsSync(defaultRoles)) {
    try {
      mkdirSync(dirname(defaultRoles), { recursive: true });
      renameSync(legacy, defaultRoles);
    } catch (error) {
      warn(`could not move ${legacy} to ${defaultRoles}: ${(error as Error).message}`);
    }
  }
  let version = 0;
  const changed = () => void (version += 1);
  const accounts = new Map<string, IamStore>();
  const account = (accountId: string): IamStore => {
    let store = accounts.get(accountId);
    if (!store) accounts.set(accountId, (store = openAccount(folderOf(accountId), warn, changed)));
    return store;
  };
  // Lookups by ARN open only accounts that exist here, so an ARN naming any account grows nothing.
  const existing = (accountId: string): IamStore | undefined => accounts.get(accountId) ?? (existsSync(folderOf(accountId)) ? account(accountId) : undefined);
  return {
    account,
    findRole(roleArn) {
      const match = ROLE_ARN.exec(roleArn);
      const role = match ? existing(match[1]!)?.find(match[2]!) : undefined;
      // The path is part of the ARN: a role named in an ARN with another path is another role.
      return role?.Arn === roleArn ? role : undefined;
    },
    findPolicy(policyArn) {
      const accountId = ARN_ACCOUNT.exec(policyArn)?.[1];
      return accountId === undefined ? undefined : existing(accountId)?.policy(policyArn);
    },
    version: () => version,
  };
}

function openAccount(folder: string, warn: (line: string) => void, changed: () => void): IamStore {
  const rolesFile = join(folder, 'roles.json');
  const policiesFile = join(folder, 'policies.json');
  const roles = new Map<string, RoleRecord>();
  for (const role of readList(rolesFile, warn, 'roles', isRole)) roles.set(role.RoleName.toLowerCase(), role);
  const policies = new Map<string, ManagedPolicyRecord>();
  for (const policy of readList(policiesFile, warn, 'policies', isPolicy)) policies.set(policy.Arn, policy);
  const save = (file: string, values: unknown[]) => {
    changed();
    mkdirSync(folder, { recursive: true });
    writeJsonAtomically(file, values, 2);
  };
  // IAM role names are unique case-insensitively.
  const find = (name: string) => roles.get(name.toLowerCase());
  return {
    find,
    role(name) {
      const role = find(name);
      if (!role) throw noSuchRole(name);
      return role;
    },
    roles: () => [...roles.values()],
    put(role) {
      roles.set(role.RoleName.toLowerCase(), role);
      save(rolesFile, [...roles.values()]);
    },
    remove(name) {
      roles.delete(name.toLowerCase());
      save(rolesFile, [...roles.values()]);
    },
    policy: (arn) => policies.get(arn),
    policies: () => [...policies.values()],
    putPolicy(policy) {
      policies.set(policy.Arn, policy);
      save(policiesFile, [...policies.values()]);
    },
    removePolicy(arn) {
      policies.delete(arn);
      save(policiesFile, [...policies.values()]);
    },
  };
}

/** The entries of a saved list that this version wrote; anything else is reported and skipped. */
function readList<T>(file: string, warn: (line: string) => void, noun: string, valid: (entry: Partial<T> | null) => boolean): T[] {
  const saved = readJsonFile(file, warn);
  if (saved === undefined) return [];
  if (!Array.isArray(saved)) {
    warn(`skipped ${file}: not a list of ${noun}`);
    return [];
  }
  return (saved as (Partial<T> | null)[]).filter((entry) => {
    if (valid(entry)) return true;
    warn(`skipped an entry of ${file}: not one of the ${noun} this version wrote`);
    return false;
  }) as T[];
}

function isRole(role: Partial<RoleRecord> | null): boolean {
  return typeof role?.RoleName === 'string' && typeof role.Arn === 'string' && typeof role.InlinePolicies === 'object' && role.InlinePolicies !== null
    && Array.isArray(role.AttachedPolicies) && Array.isArray(role.Tags);
}

function isPolicy(policy: Partial<ManagedPolicyRecord> | null): boolean {
  return typeof policy?.Arn === 'string' && typeof policy.PolicyName === 'string' && typeof policy.DefaultVersionId === 'string' && Array.isArray(policy.Versions);
}
