import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RuntimeFamily } from '../runtimes.js';
import { isChildMessage, type ChildMessage, type InvokeMessage } from './protocol.js';

const NODE_BOOTSTRAP = fileURLToPath(new URL('./node-bootstrap.mjs', import.meta.url));
const PYTHON_BOOTSTRAP = fileURLToPath(new URL('./python-bootstrap.py', import.meta.url));

export interface SpawnSpec {
  family: RuntimeFamily;
  taskRoot: string;
  env: Record<string, string>;
  memoryMb: number;
}

/** A started runtime process and the one channel its messages travel on. */
export interface RuntimeProcess {
  child: ChildProcess;
  send(message: InvokeMessage): void;
  onMessage(listener: (message: ChildMessage) => void): void;
  /** Output that bypassed the channel (native writes, fatal runtime errors). */
  onStrayOutput(listener: (text: string) => void): void;
}

/** Starts one instance process: node over IPC, python3 over stdin/stdout JSON lines. */
export function spawnRuntime(spec: SpawnSpec): RuntimeProcess {
  return spec.family === 'node' ? spawnNode(spec) : spawnPython(spec);
}

function spawnNode(spec: SpawnSpec): RuntimeProcess {
  // Plain node, no tsx: the handler runs the way Lambda's runtime runs it. MemorySize bounds the heap.
  const child = fork(NODE_BOOTSTRAP, [], {
    cwd: spec.taskRoot,
    env: spec.env,
    execArgv: [`--max-old-space-size=${spec.memoryMb}`],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  return {
    child,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => {
      if (isChildMessage(message)) listener(message);
    }),
    onStrayOutput: (listener) => forwardStreams(child, listener),
  };
}

function spawnPython(spec: SpawnSpec): RuntimeProcess {
  const child = spawn('python3', ['-u', PYTHON_BOOTSTRAP], { cwd: spec.taskRoot, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  // EPIPE after the child died is expected; the exit handler reports it.
  child.stdin!.on('error', () => undefined);
  return {
    child,
    send: (message) => {
      if (child.stdin!.writable) child.stdin!.write(`${JSON.stringify(message)}\n`);
    },
    onMessage: (listener) => lines.on('line', (line) => {
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        listener({ type: 'log', text: `${line}\n` });
        return;
      }
      if (isChildMessage(message)) listener(message);
    }),
    onStrayOutput: (listener) => child.stderr!.on('data', (chunk: Buffer) => listener(chunk.toString('utf8'))),
  };
}

function forwardStreams(child: ChildProcess, listener: (text: string) => void): void {
  child.stdout?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
}
