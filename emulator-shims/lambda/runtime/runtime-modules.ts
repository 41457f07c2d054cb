import { mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

// What Lambda's Node.js runtimes (18 and later) hold in /var/runtime/node_modules: the AWS SDK v3 and its Smithy parts.
const PROVIDED_SCOPES = ['@aws-sdk', '@smithy'];

/**
 * A node_modules folder holding only what Lambda's Node.js runtime provides, as links into the folder
 * hosepipe's own SDK is installed in: functions find `@aws-sdk/*` without bundling it, as on Lambda,
 * and nothing else hosepipe depends on. Undefined when the SDK cannot be found. Made once per state folder.
 */
export function prepareRuntimeModules(stateDir: string): string | undefined {
  let modules: string;
  try {
    let dir = dirname(createRequire(import.meta.url).resolve('@aws-sdk/client-s3'));
    while (basename(dir) !== '@aws-sdk' && dirname(dir) !== dir) dir = dirname(dir);
    if (basename(dir) !== '@aws-sdk') return undefined;
    modules = dirname(dir);
  } catch {
    return undefined;
  }
  const folder = join(stateDir, 'lambda-runtime', 'node_modules');
  mkdirSync(folder, { recursive: true });
  for (const scope of PROVIDED_SCOPES) {
    const link = join(folder, scope);
    const target = join(modules, scope);
    let current: string | undefined;
    try {
      current = readlinkSync(link);
    } catch {
      current = undefined;
    }
    if (current === target) continue;
    rmSync(link, { recursive: true, force: true });
    symlinkSync(target, link, 'dir');
  }
  return folder;
}
