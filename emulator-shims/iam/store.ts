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

/** The roles of one account. */
export interface IamStore {
  role(name: string): RoleRecord;
  find(name: string): RoleRecord | undefined;
  roles(): RoleRecord[];
  put(role: RoleRecord): void;
  remove(name: string): void;
}

/** IAM state of an endpoint: one role store per account (IAM is global: no region). */
export interface IamAccounts {
  account(accountId: string): IamStore;
}

/** The inline policy of that name, or undefined; only the role's own entries count. */
export function inlinePolicy(role: RoleRecord, name: string): string | undefined {
  return Object.hasOwn(role.InlinePolicies, name) ? role.InlinePolicies[name] : undefined;
}

/**
 * Roles per account under `<stateDir>/iam/<account>/roles.json`, kept in memory and written after
 * every change (atomically, by rename), so they survive a restart like the other resources. The one
 * `iam/roles.json` of older versions becomes the default account's file. A file that cannot be read
 * is reported through `warn` and left for a look; the account starts without roles.
 */
export function createIamAccounts(stateDir: string, defaultAccountId: string, warn: (line: string) => void): IamAccounts {
  const root = join(stateDir, 'iam');
  const legacy = join(root, 'roles.json');
  const fileOf = (accountId: string) => join(root, safeFileName(accountId), 'roles.json');
  if (existsSync(legacy) && !existsSync(fileOf(defaultAccountId))) {
    try {
      mkdirSync(dirname(fileOf(defaultAccountId)), { recursive: true });
      renameSync(legacy, fileOf(defaultAccountId));
    } catch (error) {
      warn(`could not move ${legacy} to ${fileOf(defaultAccountId)}: ${(error as Error).message}`);
    }
  }
  const accounts = new Map<string, IamStore>();
  return {
    account(accountId) {
      let store = accounts.get(accountId);
      if (!store) accounts.set(accountId, (store = openAccount(fileOf(accountId), warn)));
      return store;
    },
  };
}

function openAccount(file: string, warn: (line: string) => void): IamStore {
  const roles = new Map<string, RoleRecord>();
  const saved = readJsonFile(file, warn);
  if (Array.isArray(saved)) {
    for (const role of saved as Partial<RoleRecord>[]) {
      if (typeof role?.RoleName !== 'string' || typeof role.Arn !== 'string' || !role.InlinePolicies || !Array.isArray(role.AttachedPolicies) || !Array.isArray(role.Tags)) {
        warn(`skipped a role of ${file}: not a role this version wrote`);
        continue;
      }
      roles.set(role.RoleName.toLowerCase(), role as RoleRecord);
    }
  } else if (saved !== undefined) {
    warn(`skipped ${file}: not a list of roles`);
  }
  const save = () => {
    mkdirSync(dirname(file), { recursive: true });
    writeJsonAtomically(file, [...roles.values()], 2);
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
      save();
    },
    remove(name) {
      roles.delete(name.toLowerCase());
      save();
    },
  };
}
