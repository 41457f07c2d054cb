import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * This process's CPU profile over one part of a bench, written to `file` when stopped (open it in
 * Chrome's DevTools or VS Code). Returns a no-op when `file` is unset, so benches call it unconditionally.
 */
export async function profileTo(file: string | undefined): Promise<{ stop: () => Promise<void> }> {
  if (!file) return { stop: async () => {} };
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<{ profile?: object }>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result as { profile?: object }))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post('Profiler.stop');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}
