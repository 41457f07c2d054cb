import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./endpoint-process.ts', import.meta.url));

/** Starts another endpoint process (the stand-in for LocalStack) and resolves to its URL and state folder; stopped at teardown. */
export async function startEndpointProcess(t: { teardown(fn: () => Promise<void>): void }): Promise<{ url: string; stateDir: string }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-external-'));
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, stateDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.teardown(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out after 60000 ms waiting for the external endpoint process to print ready')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('ready ')) return;
      clearTimeout(timer);
      resolve(line.slice('ready '.length));
    });
    void exited.then(() => reject(new Error('the external endpoint process exited before it was ready')));
  });
  return { url, stateDir };
}
