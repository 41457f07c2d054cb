import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
  /** Inline policies by name, documents as sent. */
  InlinePolicies: Record<string, string>;
  AttachedPolicies: { PolicyName: string; PolicyArn: string }[];
}

export interface IamStore {
  role(name: string): RoleRecord;
  find(name: string): RoleRecord | undefined;
  roles(): RoleRecord[];
  put(role: RoleRecord): void;
  remove(name: string): void;
}

/**
 * Roles of one account, kept in memory and written to one JSON file in the state folder after
 * every change (atomically, by rename), so they survive a restart like the other resources.
 */
export function createIamStore(file: string): IamStore {
  const roles = new Map<string, RoleRecord>();
  if (existsSync(file)) for (const role of JSON.parse(readFileSync(file, 'utf8')) as RoleRecord[]) roles.set(role.RoleName.toLowerCase(), role);
  const save = () => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify([...roles.values()], null, 2));
    renameSync(`${file}.tmp`, file);
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
