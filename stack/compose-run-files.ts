import { join } from 'node:path';
import type { PipelineConfig, ResourceNames } from '../provision/index.js';
import { ACCESS_LOG, CONTAINER } from './compose-layout.js';

/** What the endpoint writes last, once the pipeline is provisioned and nginx's and the agent's files are in place. */
export interface ReadyState {
  names: ResourceNames;
  readyMs: number;
}

export function readyFile(runDir: string): string {
  return join(runDir, 'ready');
}

/** Pure: the agent container's options, from hosepipe.yaml and the provisioned stream. */
export function agentOptionsFor(config: PipelineConfig, stream: string): Record<string, unknown> {
  return {
    // The rotated files too, so a copytruncate copy can be read for lines the agent had not reached.
    files: `${ACCESS_LOG}*`,
    stream,
    endpoint: CONTAINER.endpointUrl,
    region: config.region,
    checkpointFile: `${CONTAINER.agentStateDir}/checkpoints.json`,
    initialPosition: 'START_OF_FILE',
    maxBufferAgeMs: config.agent.maxBufferAgeMs,
    maxBufferSizeRecords: config.agent.maxBufferSizeRecords,
    maxBufferSizeBytes: config.agent.maxBufferSizeBytes,
    maxBatchesInFlight: config.agent.maxBatchesInFlight,
    statusPort: CONTAINER.agentStatusPort,
    // The container's interface: compose.yaml publishes the port on the host's 127.0.0.1 only.
    statusHost: '0.0.0.0',
  };
}
