import type { CallContext, Principal, QueryParams } from '../../shared/index.js';
import type { SessionRegistry } from '../sessions.js';

/** What one STS action gets: its parameters, who calls, and the session registry. */
export interface StsCall {
  params: QueryParams;
  call: CallContext;
  sessions: SessionRegistry;
  trust?: RoleTrust;
}

/** What AssumeRole asks the endpoint's IAM (absent: every role may be assumed by anyone). */
export interface RoleTrust {
  /** Whether the role exists and `caller` may assume it (its trust policy, and the caller's own policies). */
  callerCanAssume(roleArn: string, caller: Principal): Promise<boolean>;
  /** The role's MaxSessionDuration in seconds; undefined when there is no such role. */
  maxSessionDuration(roleArn: string): number | undefined;
}

/** One STS action: the inner XML of its `<ActionResult>`. */
export type StsOperation = (input: StsCall) => string | undefined | Promise<string | undefined>;
