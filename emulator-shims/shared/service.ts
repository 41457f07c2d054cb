import type { IncomingMessage, ServerResponse } from 'node:http';

/** Health of one emulated service, in the words LocalStack's `/_localstack/health` uses. */
export type ServiceStatus = 'running' | 'available' | 'error' | 'disabled';

/**
 * One emulated AWS service as the edge sees it. The edge picks the service from headers and path
 * (never the body) and hands the untouched request over; the service reads the body itself.
 */
export interface ServiceHandler {
  readonly name: string;
  /** `call` is what the edge learnt of the caller before routing: the account and region it acts in. */
  handle(request: IncomingMessage, response: ServerResponse, call: CallContext): void | Promise<void>;
  status(): ServiceStatus;
  /** Idempotent; resolves when in-flight work is drained. */
  close(): Promise<void>;
}

/** The account and region every local resource lives in unless a request says otherwise. */
export interface Scope {
  accountId: string;
  region: string;
}

export const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * Who makes a request, as the edge learns it from the access key id of its SigV4 credential (signatures
 * are not verified, so this says who the caller claims to be, with credentials the endpoint issued).
 * - `root`: any key the endpoint did not issue (`test`, a 12-digit key, real AWS keys): the account's root
 *   user, `arn:aws:iam::<account>:root`. `accessKeyId` is absent when the request carried no SigV4 credential.
 * - `assumed-role`: temporary credentials the endpoint issued (STS AssumeRole, a Lambda function's
 *   execution role), mapped back to that role session by `emulator-shims/sts` (`callerOf`).
 */
export type Principal =
  | { readonly type: 'root'; readonly accountId: string; readonly arn: string; readonly accessKeyId?: string }
  | {
      readonly type: 'assumed-role';
      readonly accountId: string;
      /** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`, what GetCallerIdentity answers. */
      readonly arn: string;
      /** `arn:aws:iam::<account>:role/<path><role name>`: whose policies apply. */
      readonly roleArn: string;
      readonly roleName: string;
      readonly roleId: string;
      readonly sessionName: string;
      readonly accessKeyId: string;
      /** Epoch milliseconds; the edge refuses the credentials after it (ExpiredToken). */
      readonly expiresAt: number;
    };

/** Pure: the root principal of an account. */
export function rootPrincipal(accountId: string, accessKeyId?: string): Principal {
  return { type: 'root', accountId, arn: `arn:aws:iam::${accountId}:root`, ...(accessKeyId === undefined ? {} : { accessKeyId }) };
}

/** Per request: who calls, and where. The edge derives it once (validated) from the SigV4 credential. */
export interface CallContext {
  /** The account and region the request acts in; for issued credentials, the role's account. */
  readonly scope: Scope;
  /**
   * The caller. The edge always sets it; it is absent only when a test hands a request to a service
   * directly, and then stands for the root of `scope.accountId`.
   */
  readonly principal?: Principal;
}

/** One thing a call asks IAM to allow: an action on a resource, with the request's own condition keys. */
export interface AuthorizationRequest {
  /** `s3:PutObject`. */
  readonly action: string;
  /** The resource's ARN, or `*` for actions that take none. */
  readonly resource: string;
  /** The region the call is made in (`aws:RequestedRegion`). */
  readonly region: string;
  /** Condition keys the request sets (`s3:x-amz-server-side-encryption`, …), besides the global ones. */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** The resource's own policy (an S3 bucket policy, a Lambda function policy), as stored. */
  readonly resourcePolicy?: string;
}

/**
 * The endpoint's IAM as the services that act with roles see it (Firehose, Lambda): trust policies and
 * the permission checks for the calls they make in-process. With `enforce` false every check passes.
 */
export interface RoleAccess {
  readonly enforce: boolean;
  /** Whether a service principal (`lambda.amazonaws.com`) may assume the role by its trust policy; false for a role that does not exist. */
  serviceCanAssume(roleArn: string, servicePrincipal: string, context?: Readonly<Record<string, string>>): Promise<boolean>;
  /** Resolves when the principal may make the request; otherwise rejects with `service`'s AccessDenied. Root is always allowed. */
  check(principal: Principal, request: AuthorizationRequest, service: string): Promise<void>;
  /** The principal a service's own session for a role stands for (no credentials are issued). */
  sessionPrincipal(roleArn: string, sessionName: string): Principal | undefined;
}
