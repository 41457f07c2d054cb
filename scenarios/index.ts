export { loadScenario, scenarioSchema, type Scenario, type ScenarioExpectation, type ScenarioStep } from './schema.js';
export { runScenario, type RunScenarioOptions, type ScenarioResult } from './runner.js';
export { checkExpectations, eventPartition, type Observed } from './expectations.js';
export { compareMultisets, matchesPartial } from './match.js';
export { drainStack, accessLogLines } from './drain.js';
