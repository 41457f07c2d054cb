import type { Scenario } from './schema.js';

/**
 * Pure: why a scenario cannot run where the endpoint has no hosepipe admin API (AWS, or the endpoint standing in
 * for it), naming the first step or expectation that needs one; undefined when it can run there.
 */
export function localOnlyReason(scenario: Scenario, endpoint: { admin: boolean } = { admin: false }): string | undefined {
  for (const [index, step] of scenario.steps.entries()) {
    const at = `step ${index + 1}`;
    // hosepipe's endpoint, but one the scenario shares (a Terraform root's): its admin API is there, a restart is not.
    if (endpoint.admin) {
      if ('restartEndpoint' in step) return `${at} (restartEndpoint) stops and starts the endpoint, which the scenarios share here`;
      continue;
    }
    if ('fault' in step) {
      const { service, operation, error, latencyMs } = step.fault;
      return `${at} (fault: ${service} ${operation ?? '*'} ${error ?? `${latencyMs} ms latency`}) injects a fault, which only hosepipe's endpoint can do`;
    }
    if ('clearFaults' in step) return `${at} (clearFaults) clears injected faults, which only hosepipe's endpoint has`;
    if ('restartEndpoint' in step) return `${at} (restartEndpoint) stops and starts the endpoint, which only a local one can be`;
    if ('wait' in step && 'faultHits' in step.wait) return `${at} (wait: faultHits) counts injected faults on hosepipe's admin API`;
  }
  if (!endpoint.admin && scenario.expect.some((expectation) => 'faults' in expectation)) return "it expects injected faults to fire (faults: minHits), which only hosepipe's admin API counts";
  return undefined;
}

/** hosepipe.yaml sections a scenario may set that take effect on this machine only (the agent, the local endpoint). */
const LOCAL_SECTIONS = new Set(['agent', 'endpoint', 'iam', 'engines']);

/** Pure: the sections of the scenario's `pipeline:` that change the deployed pipeline itself (stream, function, delivery stream, nginx's format). */
export function awsSideSettings(scenario: Scenario): string[] {
  return Object.keys(scenario.pipeline).filter((key) => !LOCAL_SECTIONS.has(key)).sort();
}
