import { setTimeout as sleep } from 'node:timers/promises';
import type { InvokeFunction } from '../firehose/index.js';
import type { LambdaService } from '../lambda/index.js';
import { giveBackBuffer, joinIntoPooled } from '../shared/buffer-pool.js';
import type { RoleAccess, Scope } from '../shared/index.js';
import { FIREHOSE_SESSION_NAME } from './clients.js';
import type { FaultRules } from './faults.js';

/** What the in-process Invoke checks Firehose's role against: the endpoint's IAM and the function's own policy. */
export interface InvokeAccess {
  roles: RoleAccess;
  functionPolicy(scope: Scope, functionArn: string): string | undefined;
}

/**
 * Firehose's Lambda Invoke when the Lambda service is this endpoint's own: the Invoke operation run
 * in-process, on the same warm instances, after the same fault rules a call over HTTP meets. Over
 * loopback HTTP the call cost the endpoint an SDK client's serialising and signing, both ends of an
 * HTTP exchange and a copy of the answer, for every batch; and that client's own retry policy
 * retried a 5xx or a throttle up to three times inside what Firehose counted as one attempt.
 */
export function invokeLocalLambda(lambda: LambdaService, faults: FaultRules, access?: InvokeAccess): InvokeFunction {
  return async (functionName, payload, roleArn) => {
    if (access?.roles.enforce && roleArn !== undefined) await checkInvoke(access, functionName, roleArn);
    const decision = faults.covers('lambda') ? faults.decide('lambda', 'Invoke') : undefined;
    if (decision !== undefined) {
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.error) throw decision.error;
    }
    const answer = await lambda.invoke(functionName, [payload]);
    const functionError = answer.headers?.['X-Amz-Function-Error'];
    const raw = answer.raw ?? [];
    if (typeof raw === 'string') return { functionError, payload: Buffer.from(raw) };
    // The instance's answer memory is reused for its next answer once Firehose has read this one: without
    // `release` each answer of a warm instance was a fresh buffer of megabytes, garbage the endpoint's heap
    // held until a full collection.
    const release = answer.release;
    if (raw instanceof Uint8Array) return { functionError, payload: raw, ...(release ? { release } : {}) };
    if (raw.length === 1) return { functionError, payload: raw[0]!, ...(release ? { release } : {}) };
    release?.();
    // The answer arrives in the pieces the instance's channel read; joined into reused memory.
    const { bytes, buffer } = joinIntoPooled(raw);
    return { functionError, payload: bytes, release: () => giveBackBuffer(buffer) };
  };
}

/**
 * lambda:InvokeFunction for Firehose's role on the function ARN exactly as the processor names it (a
 * qualified ARN is another resource than the unqualified one, as on AWS), with the function's policy.
 */
async function checkInvoke(access: InvokeAccess, functionArn: string, roleArn: string): Promise<void> {
  const principal = access.roles.sessionPrincipal(roleArn, FIREHOSE_SESSION_NAME);
  const parts = functionArn.split(':');
  if (principal === undefined || parts.length < 7) return;
  const scope = { region: parts[3]!, accountId: parts[4]! };
  const policy = access.functionPolicy(scope, functionArn);
  await access.roles.check(principal, {
    action: 'lambda:InvokeFunction', resource: functionArn, region: scope.region, ...(policy === undefined ? {} : { resourcePolicy: policy }),
  }, 'lambda');
}
