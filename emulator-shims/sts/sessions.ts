import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * One set of temporary credentials the endpoint issued for a role, and who they stand for. The edge
 * maps a request's access key id back to it (see `callerOf`), so an IAM evaluation can ask what the
 * role may do; GetCallerIdentity answers `assumedRoleArn` for it.
 */
export interface RoleSession {
  /** `ASIA` + 16 characters of `[A-Z2-7]`, like AWS's temporary keys. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** The account of the role (its ARN's account field). */
  readonly accountId: string;
  /** `arn:<partition>:iam::<account>:role/<path><name>`, as given to AssumeRole or as a function's Role. */
  readonly roleArn: string;
  readonly roleName: string;
  /** `AROA…`: stable per role ARN, as IAM's RoleId is per role. */
  readonly roleId: string;
  readonly sessionName: string;
  /** `arn:<partition>:sts::<account>:assumed-role/<name>/<session>`: the caller's ARN (the role's path is not part of it). */
  readonly assumedRoleArn: string;
  /** Epoch milliseconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** Who asked: an STS AssumeRole call, the Lambda service for a function instance, Firehose for a delivery stream's role. */
  readonly issuer: 'sts' | 'lambda' | 'firehose';
}

export interface IssueRequest {
  roleArn: string;
  sessionName: string;
  /** 900–43,200 for AssumeRole (default 3,600); validated by the caller. */
  durationSeconds: number;
  issuer: RoleSession['issuer'];
}

/**
 * The sessions the endpoint issued, by access key id. AssumeRole sessions are written to one JSON file
 * in the state folder so they outlive a restart like the credentials AWS hands out; Lambda's sessions
 * live and die with the function instance that holds them (`revoke` when it stops), in memory only.
 */
export interface SessionRegistry {
  issue(request: IssueRequest): RoleSession;
  /** The session of an access key id, expired or not (the caller decides what expiry means). */
  find(accessKeyId: string): RoleSession | undefined;
  /** Forgets a session (a stopped function instance). */
  revoke(accessKeyId: string): void;
}

export interface SessionRegistryOptions {
  /** Where AssumeRole sessions persist; without it nothing is written. */
  file?: string;
  now?: () => number;
}

// What the registry keeps at most; the sessions closest to expiry go first when more are issued.
const MAX_SESSIONS = 10_000;
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Pure: the parts of a role ARN; undefined when it is not one. */
export function parseRoleArn(arn: string): { partition: string; accountId: string; roleName: string } | undefined {
  const match = ROLE_ARN.exec(arn);
  return match ? { partition: match[1]!, accountId: match[2]!, roleName: match[3]! } : undefined;
}

export function createSessionRegistry(options: SessionRegistryOptions = {}): SessionRegistry {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, RoleSession>();
  if (options.file !== undefined) for (const session of readSessions(options.file)) sessions.set(session.accessKeyId, session);
  const save = (): void => {
    if (options.file === undefined) return;
    const kept = [...sessions.values()].filter((session) => session.issuer === 'sts' && session.expiresAt > now());
    mkdirSync(dirname(options.file), { recursive: true });
    writeFileSync(`${options.file}.tmp`, JSON.stringify(kept));
    renameSync(`${options.file}.tmp`, options.file);
  };
  return {
    issue(request) {
      const role = parseRoleArn(request.roleArn);
      if (role === undefined) throw new TypeError(`not a role ARN: ${request.roleArn}`);
      const issuedAt = now();
      const session: RoleSession = {
        accessKeyId: `ASIA${base32(randomBytes(10))}`,
        secretAccessKey: randomBytes(30).toString('base64'),
        sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(180).toString('base64')}`,
        accountId: role.accountId,
        roleArn: request.roleArn,
        roleName: role.roleName,
        roleId: roleIdOf(request.roleArn),
        sessionName: request.sessionName,
        assumedRoleArn: `arn:${role.partition}:sts::${role.accountId}:assumed-role/${role.roleName}/${request.sessionName}`,
        issuedAt,
        expiresAt: issuedAt + request.durationSeconds * 1000,
        issuer: request.issuer,
      };
      evict(sessions, now());
      sessions.set(session.accessKeyId, session);
      if (session.issuer === 'sts') save();
      return session;
    },
    find: (accessKeyId) => sessions.get(accessKeyId),
    revoke(accessKeyId) {
      const session = sessions.get(accessKeyId);
      sessions.delete(accessKeyId);
      if (session?.issuer === 'sts') save();
    },
  };
}

/** Pure: IAM-shaped role id (`AROA` + 17 characters), the same for the same ARN. */
export function roleIdOf(roleArn: string): string {
  return `AROA${base32(createHash('sha256').update(roleArn).digest()).slice(0, 17)}`;
}

function evict(sessions: Map<string, RoleSession>, nowMs: number): void {
  for (const [key, session] of sessions) if (session.expiresAt <= nowMs) sessions.delete(key);
  if (sessions.size < MAX_SESSIONS) return;
  const byExpiry = [...sessions.values()].sort((a, b) => a.expiresAt - b.expiresAt);
  for (const session of byExpiry.slice(0, sessions.size - MAX_SESSIONS + 1)) sessions.delete(session.accessKeyId);
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function readSessions(file: string): RoleSession[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter(isSession) : [];
  } catch {
    // No file yet, or one a crash cut short: no sessions to restore.
    return [];
  }
}

function isSession(value: unknown): value is RoleSession {
  const session = value as Partial<RoleSession> | null;
  return typeof session?.accessKeyId === 'string' && typeof session.roleArn === 'string' && typeof session.expiresAt === 'number' && parseRoleArn(session.roleArn) !== undefined;
}
