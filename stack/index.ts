// A running pipeline, whichever way it runs: what `hosepipe up`, the scenario runner and the CLI's commands share.
export { startStack, staticPart, type Stack, type StackOptions } from './stack.js';
export { flushFirehose, readAgentStatus, waitForAgentShipped, type AgentStatus, type HostPath } from './drain.js';
export { findNginx, NginxMissingError, startNginx, type StartedNginx } from './nginx.js';
export { renderNginxConfig, STATUS_ROUTES, type NginxConfigInput } from './nginx-config.js';
export { transformArtifact } from './artifact.js';
export { assertPortFree, freePort, PortInUseError } from './process.js';
export { type RunningPipeline } from './pipeline.js';
export { buildComposeImages, startComposeStack, type ComposeStack, type ComposeStackOptions } from './compose-stack.js';
export { ComposeError } from './compose-cli.js';
export { BASE_IMAGES } from './compose-images.js';
export { startAgentProcess, type StartedAgentProcess } from './agent-process.js';
export { FROM_SOURCES, PACKAGE_ROOT } from './package-root.js';
export { ACCESS_LOG, CONTAINER } from './compose-layout.js';
export { agentOptionsFor, readyFile, type ReadyState } from './compose-run-files.js';
export { destroyTerraformRoot, startTerraformStack, type TerraformRoot, type TerraformStack, type TerraformStackOptions } from './terraform.js';
export { runTerraform, TerraformError, variableArgs, type TerraformStep } from './terraform-cli.js';
export { choosePipeline, readTerraformState, TerraformStateError, type TerraformDeliveryStream, type TerraformPipeline } from './terraform-state.js';
export { endpointOverride, OVERRIDE_FILE, PROVIDER_SERVICES } from './terraform-override.js';
