// The package's entry point (`import { startPipeline } from 'hosepipe'`): a running pipeline for a team's own tests.
export { startPipeline, type PipelineAws, type PipelineTerraform, type StartPipelineOptions } from './start-pipeline.js';
export { type Pipeline, type PipelineAudit, type PipelineNames } from './pipeline.js';
export { type PipelineClients } from './clients.js';
export { type PipelineDocument } from './config.js';
export { RecordParseError, RecordsCompressionError, type PipelineObject } from './records.js';
export { type PipelineRequest, type SentResponse } from './send.js';
export { type AuditReport } from '../scenarios/index.js';
export { ConfigError, type PipelineConfig } from '../provision/index.js';
export { NotAPipelineError, TerraformError } from '../stack/index.js';
