import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ComposeError } from './compose-cli.js';

const run = promisify(execFile);

/** The base images compose/compose.yaml builds on: the official ones, and the offline ones `make compose-images` makes. */
export const BASE_IMAGES = {
  node: { variable: 'NODE_IMAGE', official: 'node:22-bookworm-slim', local: 'hosepipe-local/node:bookworm' },
  nginx: { variable: 'NGINX_IMAGE', official: 'nginx:1.30', local: 'hosepipe-local/nginx:bookworm' },
} as const;

export type BaseImage = keyof typeof BASE_IMAGES;

export interface ImageProbe {
  exists(image: string): Promise<boolean>;
  /** Resolves to undefined when pulled, else to what docker said. */
  pull(image: string): Promise<string | undefined>;
}

/**
 * For each base image: the one NODE_IMAGE / NGINX_IMAGE names; else the official one when it is here
 * or can be pulled; else the local one from `make compose-images`, said in `log`; else one line saying
 * what to run. A named image that cannot be had is an error naming its build argument.
 */
export async function chooseBaseImages(env: NodeJS.ProcessEnv, log: (line: string) => void, probe: ImageProbe = dockerProbe): Promise<Record<BaseImage, string>> {
  const chosen = {} as Record<BaseImage, string>;
  for (const [kind, image] of Object.entries(BASE_IMAGES) as [BaseImage, (typeof BASE_IMAGES)[BaseImage]][]) {
    const named = env[image.variable];
    if (named) {
      if (!(await probe.exists(named))) {
        const why = await probe.pull(named);
        if (why !== undefined) throw new ComposeError(`${image.variable}=${named} cannot be pulled (${why}): pass an image you have as ${image.variable}, or run \`make compose-images\` for ${image.local}`);
      }
      chosen[kind] = named;
      continue;
    }
    if (await probe.exists(image.official)) {
      chosen[kind] = image.official;
      continue;
    }
    const why = await probe.pull(image.official);
    if (why === undefined) {
      chosen[kind] = image.official;
      continue;
    }
    if (await probe.exists(image.local)) {
      log(`${image.official} cannot be pulled (${why}); using ${image.local} (${image.variable} picks another)`);
      chosen[kind] = image.local;
      continue;
    }
    throw new ComposeError(`${image.official} cannot be pulled (${why}): run \`make compose-images\` to build ${image.local} offline, or set ${image.variable} to an image you have`);
  }
  return chosen;
}

export const dockerProbe: ImageProbe = {
  exists: (image) => run('docker', ['image', 'inspect', '--format', '{{.Id}}', image]).then(() => true, () => false),
  pull: (image) =>
    run('docker', ['pull', '--quiet', image], { timeout: 300_000 }).then(
      () => undefined,
      (error: { stderr?: string; message?: string }) => (error.stderr ?? error.message ?? 'docker pull failed').trim().split('\n').at(-1)?.replace(/^Error response from daemon: /, '') ?? 'docker pull failed',
    ),
};
