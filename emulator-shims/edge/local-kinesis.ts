import { setTimeout as sleep } from 'node:timers/promises';
import type { KinesisSource } from '../firehose/index.js';
import { kinesisRequests } from '../iam/index.js';
import type { KinesisService } from '../kinesis/index.js';
import type { RoleAccess, Scope } from '../shared/index.js';
import { FIREHOSE_SESSION_NAME } from './clients.js';
import type { FaultRules } from './faults.js';

/** Counts an error answer of an in-process call, as the edge counts the ones it sends over HTTP. */
export type CountError = (scope: Scope, service: string, operation: string, code: string) => void;

const NO_QUERY = new URLSearchParams();

/**
 * Firehose's reads of a Kinesis source when the Kinesis service is this endpoint's own: ListShards,
 * GetShardIterator and GetRecords run in-process on the store, after the same fault rules and the same
 * IAM evaluation (as the stream's role, on the stream the call names or the iterator reads) that a call
 * over HTTP meets. Over loopback HTTP every record cost a base64 encode and a JSON string on the
 * endpoint's side, and a JSON parse and a base64 decode in the SDK client, on the same thread.
 */
export function readLocalKinesis(kinesis: KinesisService, faults: FaultRules, roles: RoleAccess, countError: CountError): (scope: Scope, roleArn?: string) => KinesisSource {
  const mapRequests = kinesisRequests((iterator) => kinesis.iteratorStream(iterator));
  return (scope, roleArn) => {
    const principal = roles.enforce && roleArn !== undefined ? roles.sessionPrincipal(roleArn, FIREHOSE_SESSION_NAME) : undefined;
    const call = async <Input extends object, Output>(operation: string, input: Input, run: (scope: Scope, input: Input) => Output): Promise<Output> => {
      try {
        const decision = faults.covers('kinesis') ? faults.decide('kinesis', operation) : undefined;
        if (decision !== undefined) {
          if (decision.latencyMs > 0) await sleep(decision.latencyMs);
          if (decision.error) throw decision.error;
        }
        if (principal !== undefined) {
          const asked = mapRequests({ operation, path: '/', query: NO_QUERY, headers: {}, body: input, scope }) ?? [];
          for (const request of asked) await roles.check(principal, request, 'kinesis');
        }
        return run(scope, input);
      } catch (error) {
        countError(scope, 'kinesis', operation, error instanceof Error ? error.name : 'Error');
        throw error;
      }
    };
    return {
      listShards: (input) => call('ListShards', input, kinesis.records.listShards),
      getShardIterator: (input) => call('GetShardIterator', input, kinesis.records.getShardIterator),
      getRecords: (input) => call('GetRecords', input, kinesis.records.getRecords),
    };
  };
}
