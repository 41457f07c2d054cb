/** How a runtime's instances are started: the machine's `node` or the machine's `python3`. */
export type RuntimeFamily = 'node' | 'python';

const RUNNABLE: Record<string, RuntimeFamily> = {
  'nodejs18.x': 'node',
  'nodejs20.x': 'node',
  'nodejs22.x': 'node',
  'nodejs24.x': 'node',
  'python3.9': 'python',
  'python3.10': 'python',
  'python3.11': 'python',
  'python3.12': 'python',
  'python3.13': 'python',
  'python3.14': 'python',
};

// Runtimes Lambda itself no longer accepts for create/update, with the runtime it recommends instead.
const DEPRECATED: Record<string, string> = {
  'nodejs': 'nodejs22.x',
  'nodejs4.3': 'nodejs22.x',
  'nodejs4.3-edge': 'nodejs22.x',
  'nodejs6.10': 'nodejs22.x',
  'nodejs8.10': 'nodejs22.x',
  'nodejs10.x': 'nodejs22.x',
  'nodejs12.x': 'nodejs22.x',
  'nodejs14.x': 'nodejs22.x',
  'nodejs16.x': 'nodejs22.x',
  'python2.7': 'python3.13',
  'python3.6': 'python3.13',
  'python3.7': 'python3.13',
  'python3.8': 'python3.13',
};

export function runtimeFamily(runtime: string | undefined): RuntimeFamily | undefined {
  return runtime === undefined ? undefined : RUNNABLE[runtime];
}

export function runnableRuntimes(): string[] {
  return Object.keys(RUNNABLE);
}

export function replacementForDeprecatedRuntime(runtime: string): string | undefined {
  return DEPRECATED[runtime];
}
