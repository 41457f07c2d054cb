import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as compose from 'docker-compose';
import type { IDockerComposeOptions, IDockerComposeResult } from 'docker-compose';

const run = promisify(execFile);

/** A Docker or Compose failure a user meets, said in one line with what to do (the CLI prints only the message). */
export class ComposeError extends Error {
  readonly command: string;
  readonly exitCode: number | null;
  readonly output: string;
  constructor(message: string, details: { command?: string; exitCode?: number | null; output?: string } = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ComposeError';
    this.command = details.command ?? '';
    this.exitCode = details.exitCode ?? null;
    this.output = details.output ?? '';
  }
}

/** Which Compose runs here: the v2 plugin (`docker compose`) or the standalone 1.29 (`docker-compose`). */
export type ComposeFlavour = 'plugin' | 'standalone';

/** Fails with one line when no Docker engine answers. */
export async function checkDockerEngine(): Promise<void> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 20_000 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ComposeError('docker is not installed: install Docker (Debian: `sudo apt-get install -y docker.io docker-compose`), then try again', {}, { cause: error });
    const said = firstLine(String((error as { stderr?: string }).stderr ?? ''));
    throw new ComposeError(
      `no Docker engine is reachable (${said || 'docker info failed'}): start it (\`sudo systemctl start docker\`, Docker Desktop, or as root \`compose/engine.sh\`)`,
      { command: 'docker info' },
      { cause: error },
    );
  }
}

/** `docker compose` when the v2 plugin answers, else `docker-compose`; one line when neither does. */
export async function findCompose(): Promise<ComposeFlavour> {
  if (process.env.HOSEPIPE_COMPOSE === 'standalone') return 'standalone';
  const works = (file: string, args: string[]) => run(file, args, { timeout: 20_000 }).then(() => true, () => false);
  if (process.env.HOSEPIPE_COMPOSE !== 'standalone' && (await works('docker', ['compose', 'version']))) return 'plugin';
  if (await works('docker-compose', ['version'])) return 'standalone';
  throw new ComposeError('Docker Compose is missing: neither `docker compose` (v2) nor `docker-compose` (1.29) runs; install one (Debian: `sudo apt-get install -y docker-compose`)');
}

/** One compose project: its file, name and settings; every call goes through the docker-compose package. */
export class ComposeProject {
  readonly file: string;
  readonly project: string;
  readonly env: NodeJS.ProcessEnv;
  readonly flavour: ComposeFlavour;

  constructor(options: { file: string; project: string; env: Record<string, string>; flavour: ComposeFlavour }) {
    this.file = options.file;
    this.project = options.project;
    this.flavour = options.flavour;
    this.env = { ...process.env, ...options.env };
  }

  /** The same project with more settings. */
  withEnv(env: Record<string, string>): ComposeProject {
    return new ComposeProject({ file: this.file, project: this.project, flavour: this.flavour, env: { ...stripped(this.env), ...env } });
  }

  options(commandOptions: string[] = []): IDockerComposeOptions {
    return {
      config: this.file,
      composeOptions: [['--project-name', this.project]],
      commandOptions,
      env: this.env,
      ...(this.flavour === 'standalone' ? { executable: { standalone: true } } : {}),
    };
  }

  /** Runs a docker-compose package call; a failure becomes a ComposeError naming the command and its output. */
  async call(what: string, work: (options: IDockerComposeOptions) => Promise<IDockerComposeResult>, commandOptions: string[] = []): Promise<IDockerComposeResult> {
    const command = `${this.flavour === 'plugin' ? 'docker compose' : 'docker-compose'} -p ${this.project} ${what}`;
    let result: IDockerComposeResult;
    try {
      result = await work(this.options(commandOptions));
    } catch (error) {
      result = error as IDockerComposeResult;
      if (typeof result?.exitCode !== 'number') throw new ComposeError(`${command} failed: ${String(error)}`, { command }, { cause: error });
    }
    if (result.exitCode !== 0) throw explain(command, result);
    return result;
  }

  build(services: string[]): Promise<IDockerComposeResult> {
    return this.call(`build ${services.join(' ')}`, (options) => compose.buildMany(services, options));
  }

  up(): Promise<IDockerComposeResult> {
    return this.call('up -d --no-build', (options) => compose.upAll(options), ['--no-build']);
  }

  down(volumes: boolean): Promise<IDockerComposeResult> {
    return this.call(`down${volumes ? ' --volumes' : ''}`, (options) => compose.down(options), volumes ? ['--volumes', '--remove-orphans'] : ['--remove-orphans']);
  }

  async port(service: string, containerPort: number): Promise<number> {
    const result = await this.call(`port ${service} ${containerPort}`, (options) => compose.port(service, containerPort, options));
    return (result as Awaited<ReturnType<typeof compose.port>>).data.port;
  }

  /** Each service's container: its state (`running/healthy`, `exited`, …) and published ports, from one `docker inspect`. */
  async containers(): Promise<Record<string, ServiceContainer>> {
    const ids = (await this.call('ps -q', (options) => compose.execCompose('ps', ['-q'], options))).out.split('\n').map((line) => line.trim()).filter(Boolean);
    return inspectContainers(ids);
  }

  async states(): Promise<Record<string, string>> {
    return Object.fromEntries(Object.entries(await this.containers()).map(([service, container]) => [service, container.state]));
  }

  service(verb: 'stop' | 'start' | 'restart' | 'pause' | 'unpause', service: string): Promise<IDockerComposeResult> {
    return this.call(`${verb} ${service}`, (options) => compose.execCompose(verb, [service], options));
  }

  kill(service: string, signal: string): Promise<IDockerComposeResult> {
    return this.call(`kill -s ${signal} ${service}`, (options) => compose.execCompose('kill', ['-s', signal, service], options));
  }
}

export interface ServiceContainer {
  id: string;
  state: string;
  /** Container port → host port on 127.0.0.1. */
  ports: Record<number, number>;
}

/** Containers by compose service name, from `docker inspect` (the same for both Compose flavours). */
export async function inspectContainers(ids: string[]): Promise<Record<string, ServiceContainer>> {
  if (ids.length === 0) return {};
  const format = '{{json (index .Config.Labels "com.docker.compose.service")}} {{json .State.Status}} {{if .State.Health}}{{json .State.Health.Status}}{{else}}""{{end}} {{json .NetworkSettings.Ports}}';
  const { stdout } = await run('docker', ['inspect', '--format', format, ...ids]);
  const containers: Record<string, ServiceContainer> = {};
  stdout.trim().split('\n').forEach((line, index) => {
    const [service, status, health, ports] = JSON.parse(`[${line.split(' ').join(',')}]`) as [string, string, string, Record<string, { HostPort: string }[] | null> | null];
    const published: Record<number, number> = {};
    for (const [port, bindings] of Object.entries(ports ?? {})) if (bindings?.[0]) published[Number.parseInt(port, 10)] = Number(bindings[0].HostPort);
    containers[service] = { id: ids[index] ?? '', state: health ? `${status}/${health}` : status, ports: published };
  });
  return containers;
}

/** The one line for what Compose said: a port in use, an image that cannot be pulled, or its own last line. */
export function explain(command: string, result: Pick<IDockerComposeResult, 'exitCode' | 'out' | 'err'>): ComposeError {
  const output = `${result.err}\n${result.out}`;
  const details = { command, exitCode: result.exitCode, output };
  const port = /(?:0\.0\.0\.0|127\.0\.0\.1):(\d+)[^\n]*(?:address already in use|port is already allocated)/.exec(output)
    ?? /Bind for [\d.]+:(\d+) failed: port is already allocated/.exec(output);
  if (port) return new ComposeError(`port ${port[1]} on 127.0.0.1 is already in use: stop what listens there, or set another port in hosepipe.yaml (endpoint.port, nginx.listen)`, details);
  const pull = /(?:pull access denied for|manifest for|failed to resolve source metadata for|Error response from daemon: Get "https:\/\/[^"]+": dial tcp: lookup)\s*([^\s,]*)/.exec(output);
  if (pull) {
    return new ComposeError(`${command} failed: an image could not be pulled (${firstLine(pull[0])}): run \`make compose-images\` and pass NODE_IMAGE=hosepipe-local/node:bookworm NGINX_IMAGE=hosepipe-local/nginx:bookworm, or set them to images you have`, details);
  }
  const last = output.split('\n').map((line) => line.trim()).filter(Boolean).at(-1) ?? `exit code ${result.exitCode}`;
  return new ComposeError(`${command} failed: ${last}`, details);
}

function stripped(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
