/**
 * SDK clients the view uses to read the bucket and the function's logs through the endpoint's own API,
 * one set per account and region (the account rides in a 12-digit access key id, as the edge reads it).
 * Going through the API keeps the view independent of how each store keeps its data.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Scope } from '../shared/index.js';
import { VIEW_USER_AGENT } from './error-counters.js';

export interface ViewClients {
  s3: S3Client;
  logs: CloudWatchLogsClient;
}

/** Client sets kept; more scopes than this reuse nothing (the view looks at one pipeline at a time). */
const MAX_CLIENT_SETS = 16;

export function createViewClients(endpointUrl: () => string): { forScope(scope: Scope): ViewClients; destroy(): void } {
  const sets = new Map<string, ViewClients>();
  const requestHandler = new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 5_000 });
  return {
    forScope(scope) {
      const key = `${scope.accountId}/${scope.region}`;
      let set = sets.get(key);
      if (!set) {
        if (sets.size >= MAX_CLIENT_SETS) {
          for (const old of sets.values()) { old.s3.destroy(); old.logs.destroy(); }
          sets.clear();
        }
        const common = {
          endpoint: endpointUrl(), region: scope.region, requestHandler, maxAttempts: 1, customUserAgent: VIEW_USER_AGENT,
          credentials: { accessKeyId: scope.accountId, secretAccessKey: 'hosepipe-view' },
        };
        set = {
          s3: new S3Client({ ...common, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
          logs: new CloudWatchLogsClient(common),
        };
        sets.set(key, set);
      }
      return set;
    },
    destroy() {
      for (const set of sets.values()) { set.s3.destroy(); set.logs.destroy(); }
      sets.clear();
      requestHandler.destroy();
    },
  };
}
