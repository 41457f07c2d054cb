export { startAgent, type AgentStats, type RunningAgent } from './agent.js';
export { readKinesisAgentConfig } from './kinesis-agent-config.js';
export {
  KINESIS_RECORD_LIMIT_BYTES,
  resolveAgentOptions,
  type AgentOptions,
  type InitialPosition,
  type OversizeOption,
  type PartitionKeyOption,
} from './options.js';
export { AgentConfigError, AgentFileError, PutRecordsError } from './errors.js';
export { joinRecordParts, parseRecordPart, type JoinedRecords, type RecordPart } from './record-framing.js';
export type { TrackedFileStats } from './file-tracker.js';
