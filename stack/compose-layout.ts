/**
 * Where things live inside the compose containers, and the ports they listen on there. compose.yaml
 * mounts its volumes at these paths and publishes these ports (on the host's 127.0.0.1 only).
 */
export const CONTAINER = {
  /** hosepipe.yaml, mounted read-only into the endpoint and the agent. */
  configFile: '/etc/hosepipe/hosepipe.yaml',
  /** The endpoint's state folder (named volume `state`): S3 objects, Kinesis data, checkpoints. */
  stateDir: '/var/lib/hosepipe',
  /** What the endpoint renders for the others (volume `run`): nginx.conf, agent.json, and `ready`. */
  runDir: '/run/hosepipe',
  /** nginx's access log, shared by nginx (writes) and the agent (reads), bind-mounted from the host. */
  logDir: '/var/log/hosepipe',
  /** The agent's checkpoints (named volume `agent-state`). */
  agentStateDir: '/var/lib/hosepipe-agent',
  /** nginx's prefix: pid file and temp folders (made by compose/nginx.Dockerfile). */
  nginxPrefix: '/var/cache/hosepipe-nginx',
  /** The transform zip built on the host (`make build`), copied into the image. */
  artifactDir: '/opt/hosepipe/dist/lambda',
  endpointPort: 4566,
  nginxPort: 8080,
  agentStatusPort: 4567,
  /** How the agent reaches the endpoint on the compose network. */
  endpointUrl: 'http://endpoint:4566',
} as const;

export const ACCESS_LOG = `${CONTAINER.logDir}/access.log`;
