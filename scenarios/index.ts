export { loadScenario, scenarioSchema, type Scenario, type ScenarioExpectation, type ScenarioStep } from './schema.js';
export { runScenario, type RunScenarioOptions, type ScenarioResult } from './runner.js';
export { checkExpectations, eventPartition, type Observed } from './expectations.js';
export { compareMultisets, matchesPartial } from './match.js';
export { drainStack, accessLogLines } from './drain.js';
export { auditPassed, auditPipeline, formatAudit, type AuditInput, type AuditReport, type Prediction } from './audit.js';
export { collectAuditInput, readAccessLogs, type AuditTarget } from './collect.js';
export { predictTransform } from './predict.js';
export { waitForAgentShipped } from './drain.js';
