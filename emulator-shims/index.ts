export { adminEnabled, createEdgeServer, DEFAULT_EDGE_PORT, LOCAL_CREDENTIALS, type EdgeOptions, type EdgeServer } from './edge/index.js';
export { type FaultRule, type FaultRuleInput, type FaultRules } from './edge/index.js';
export type { PipelineRef, PipelineSnapshot } from './admin/index.js';
