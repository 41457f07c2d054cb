import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { RuntimeFamily } from '../runtimes.js';
import { byteLength, encodeFrame, FrameReader } from './frames.js';
import { isChildMessage, RESPONSE_LIMIT_BYTES, type ChildMessage, type InvokeMessage } from './protocol.js';

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
  /**
   * Sends a message; `body` (the payload pieces) is written after it as the frame body, uncopied, or to
   * the payload file. With `givesBody`, a body written to the file is emptied: the pieces are not needed.
   */
  send(message: InvokeMessage, body?: readonly Uint8Array[], givesBody?: boolean): void;
  /**
   * Receives each message with its frame body; a broken frame kills the instance. A result's body may
   * come with `release`: the body's memory is then reused for a later result once it is called.
   */
  onMessage(listener: (message: ChildMessage, body: Buffer[], release?: () => void) => void): void;
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

/**
 * A file for one Node instance's payloads, open for reading and writing and already unlinked, so
 * nothing is left behind whatever ends either process: on tmpfs where there is one (/dev/shm), so the
 * bytes never go to a disk. The parent writes an event there with one call and the instance reads it
 * with one, and the answer comes back the same way, where the pipe takes each megabyte in 64 KB turns
 * of both processes (each a wake-up that waits for a core on a busy machine). Undefined when no such
 * file can be made: the payloads then travel in the frames.
 */
function openPayloadFile(): number | undefined {
  const folder = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const path = join(folder, `hosepipe-lambda-${randomBytes(12).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'wx+', 0o600);
    unlinkSync(path);
    return fd;
  } catch {
    if (fd !== undefined) closeSync(fd);
    return undefined;
  }
}

function spawnNode(spec: SpawnSpec): RuntimeProcess {
  const payloadFile = openPayloadFile();
  // Plain node, no tsx: the handler runs the way Lambda's runtime runs it, with its memory flags.
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...nodeRuntimeFlags(spec.memoryMb), NODE_BOOTSTRAP], {
      cwd: spec.taskRoot,
      env: spec.env,
      // fd 3 the channel, fd 4 the payload file (node-bootstrap.mjs's PAYLOAD_FD).
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', payloadFile ?? 'ignore'],
    });
  } catch (error) {
    if (payloadFile !== undefined) closeSync(payloadFile);
    throw error;
  }
  const channel = child.stdio[NODE_CHANNEL_FD] as Readable & Writable;
  // The child has its own copy of the descriptor; the parent's goes when the child is gone (or never started).
  let fileOpen = payloadFile !== undefined;
  const closeFile = (): void => {
    if (!fileOpen) return;
    fileOpen = false;
    closeSync(payloadFile!);
  };
  child.once('close', closeFile);
  child.once('error', () => { if (child.pid === undefined) closeFile(); });
  return framedProcess(child, channel, channel, (listener) => {
    child.stdout!.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
  }, payloadFile === undefined ? undefined : { fd: payloadFile, isOpen: () => fileOpen });
}

function spawnPython(spec: SpawnSpec): RuntimeProcess {
  const child = spawn(spec.python ?? 'python3', ['-u', PYTHON_BOOTSTRAP], { cwd: spec.taskRoot, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'] });
  return framedProcess(child, child.stdin!, child.stdout!, (listener) => {
    child.stderr!.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
  });
}

/** The payload file a Node instance shares with the parent (see openPayloadFile). */
interface PayloadFile {
  fd: number;
  isOpen(): boolean;
}

function framedProcess(child: ChildProcess, input: Writable, output: Readable, onStrayOutput: RuntimeProcess['onStrayOutput'], payloadFile?: PayloadFile): RuntimeProcess {
  // EPIPE after the child died is expected; the exit handler reports it.
  input.on('error', () => undefined);
  output.on('error', () => undefined);
  const listeners: Array<(message: ChildMessage, body: Buffer[], release?: () => void) => void> = [];
  const answers = new AnswerBuffer();
  const reader = new FrameReader(({ meta, body }) => {
    if (!isChildMessage(meta)) return;
    if (meta.type !== 'result' || meta.fileBytes === undefined) {
      for (const listener of listeners) listener(meta, body);
      return;
    }
    // A result in the payload file: past the response limit only enough of it is read for the answer to say so.
    const length = meta.fileBytes;
    if (!Number.isSafeInteger(length) || length < 0 || payloadFile === undefined) throw new RangeError('a result frame names no payload in the file');
    const { bytes, release } = answers.lend(Math.min(length, RESPONSE_LIMIT_BYTES + 1));
    readFileBytes(payloadFile, bytes);
    for (const listener of listeners) listener(meta, [bytes], release);
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
    send: (message, body = [], givesBody = false) => {
      if (!input.writable) return;
      const inFile = payloadFile !== undefined && writeFileBytes(payloadFile, body);
      input.cork();
      for (const piece of inFile ? encodeFrame({ ...message, fileBytes: byteLength(body) }) : encodeFrame(message, body)) input.write(piece);
      input.uncork();
      if (inFile && givesBody) (body as Uint8Array[]).length = 0;
    },
    onMessage: (listener) => {
      listeners.push(listener);
    },
    onStrayOutput,
  };
}

/** Writes the pieces one after another from the file's start; false when the file is closed or cannot take them (a full tmpfs). */
function writeFileBytes(file: PayloadFile, pieces: readonly Uint8Array[]): boolean {
  if (!file.isOpen()) return false;
  try {
    let position = 0;
    for (const piece of pieces) {
      for (let done = 0; done < piece.length;) done += writeSync(file.fd, piece, done, piece.length - done, position + done);
      position += piece.length;
    }
    return true;
  } catch {
    return false;
  }
}

/** Fills `bytes` from the file's start; throws when it holds fewer (the channel is then corrupt). */
function readFileBytes(file: PayloadFile, bytes: Buffer): void {
  for (let done = 0; done < bytes.length;) {
    const read = file.isOpen() ? readSync(file.fd, bytes, done, bytes.length - done, done) : 0;
    if (read === 0) throw new RangeError(`the payload file holds ${done} bytes, not ${bytes.length}`);
    done += read;
  }
}

/** Below this, an answer gets fresh memory each time: reusing it would save nothing worth the bookkeeping. */
const REUSED_ANSWER_BYTES = 64 * 1024;

/**
 * The memory an instance's large answers are read into, reused from one answer to the next once the
 * holder of the last one says it is done with it (the HTTP response has been written): a fresh
 * megabyte-sized buffer per invocation is external memory that V8 answers with extra full collections
 * of the endpoint's heap. An answer whose holder never says so (an in-process invoke) keeps its buffer,
 * and the next answer gets a new one.
 */
class AnswerBuffer {
  #buffer: Buffer | undefined;
  #lent = false;

  lend(length: number): { bytes: Buffer; release?: () => void } {
    if (length < REUSED_ANSWER_BYTES) return { bytes: Buffer.allocUnsafe(length) };
    if (this.#buffer === undefined || this.#lent || this.#buffer.length < length) this.#buffer = Buffer.allocUnsafeSlow(length);
    const buffer = this.#buffer;
    this.#lent = true;
    return {
      bytes: buffer.subarray(0, length),
      release: () => {
        if (this.#buffer === buffer) this.#lent = false;
      },
    };
  }
}
