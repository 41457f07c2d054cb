import type { CallContext, QueryParams } from '../../shared/index.js';
import type { SessionRegistry } from '../sessions.js';

/** What one STS action gets: its parameters, who calls, and the session registry. */
export interface StsCall {
  params: QueryParams;
  call: CallContext;
  sessions: SessionRegistry;
}

/** One STS action: the inner XML of its `<ActionResult>`. */
export type StsOperation = (input: StsCall) => string | undefined;
