import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { RuntimeFamily } from '../runtimes.js';
import { encodeFrame, FrameReader } from './frames.js';
import { isChildMessage, type ChildMessage, type InvokeMessage } from './protocol.js';

const NODE_BOOTSTRAP = fileURLToPath(new URL('./node-bootstrap.mjs', import.meta.url));
const PYTHON_BOOTSTRAP = fileURLToPath(new URL('./python-bootstrap.py', import.meta.url));
/** The Node instance's channel: a pipe beside stdin, stdout and stderr. */
const NODE_CHANNEL_FD = 3;

export interface SpawnSpec {
  family: RuntimeFamily;
  /** The Python interpreter (default `python3` on PATH). */
  python?: string;
  taskRoot: string;
  env: Record<string, string>;
  memoryMb: number;
}

/** A started runtime process and the one framed channel its messages travel on. */
export interface RuntimeProcess {
  child: ChildProcess;
  /** Sends a message; `body` (the payload pieces) is written after it as the frame body, uncopied. */
  send(message: InvokeMessage, body?: readonly Uint8Array[]): void;
  /** Receives each message with its frame body; a broken frame kills the instance. */
  onMessage(listener: (message: ChildMessage, body: Buffer[]) => void): void;
  /** Output that bypassed the channel (native writes, fatal runtime errors). */
  onStrayOutput(listener: (text: string) => void): void;
}

/** Starts one instance process: node with a framed pipe on fd 3, python3 with frames on stdin/stdout. */
export function spawnRuntime(spec: SpawnSpec): RuntimeProcess {
  return spec.family === 'node' ? spawnNode(spec) : spawnPython(spec);
}

/**
 * The V8 flags Lambda's Node.js runtime starts node with for a MemorySize: a tenth of the memory for
 * the young generation (half of it per semi-space), the rest for the old one; gc() exposed.
 */
function nodeRuntimeFlags(memoryMb: number): string[] {
  const newSpaceMb = Math.floor(memoryMb / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.floor(newSpaceMb / 2)}`,
    `--max-old-space-size=${memoryMb - newSpaceMb}`,
  ];
}

function spawnNode(spec: SpawnSpec): RuntimeProcess {
  // Plain node, no tsx: the handler runs the way Lambda's runtime runs it, with its memory flags.
  const child = spawn(process.execPath, [...nodeRuntimeFlags(spec.memoryMb), NODE_BOOTSTRAP], {
    cwd: spec.taskRoot,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const channel = child.stdio[NODE_CHANNEL_FD] as Readable & Writable;
  return framedProcess(child, channel, channel, (listener) => {
    child.stdout!.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
  });
}

function spawnPython(spec: SpawnSpec): RuntimeProcess {
  const child = spawn(spec.python ?? 'python3', ['-u', PYTHON_BOOTSTRAP], { cwd: spec.taskRoot, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'] });
  return framedProcess(child, child.stdin!, child.stdout!, (listener) => {
    child.stderr!.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
  });
}

function framedProcess(child: ChildProcess, input: Writable, output: Readable, onStrayOutput: RuntimeProcess['onStrayOutput']): RuntimeProcess {
  // EPIPE after the child died is expected; the exit handler reports it.
  input.on('error', () => undefined);
  output.on('error', () => undefined);
  const listeners: Array<(message: ChildMessage, body: Buffer[]) => void> = [];
  const reader = new FrameReader(({ meta, body }) => {
    if (!isChildMessage(meta)) return;
    for (const listener of listeners) listener(meta, body);
  });
  output.on('data', (chunk: Buffer) => {
    try {
      reader.push(chunk);
    } catch {
      // A frame the runtime cannot have written means the channel is corrupt: the instance is lost.
      output.removeAllListeners('data');
      child.kill('SIGKILL');
    }
  });
  return {
    child,
    send: (message, body = []) => {
      if (!input.writable) return;
      input.cork();
      for (const piece of encodeFrame(message, body)) input.write(piece);
      input.uncork();
    },
    onMessage: (listener) => {
      listeners.push(listener);
    },
    onStrayOutput,
  };
}
