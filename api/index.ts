// The package's entry point (`import { startPipeline } from 'hosepipe'`): a running pipeline for a team's own tests.
export { startPipeline, NotAvailableError, type Pipeline, type PipelineAudit, type PipelineNames, type PipelineTerraform, type StartPipelineOptions } from './start-pipeline.js';
export { TerraformError } from '../stack/index.js';
export { type PipelineClients } from './clients.js';
export { type PipelineDocument } from './config.js';
export { RecordParseError, type PipelineObject } from './records.js';
export { type PipelineRequest, type SentResponse } from './send.js';
export { type AuditReport } from '../scenarios/index.js';
export { ConfigError, type PipelineConfig } from '../provision/index.js';
