// The runtime side of a Node.js warm instance. Runs in the function's own process with plain `node`
// (no tsx), like Lambda's runtime interface client: it loads the handler once, then serves invokes
// sent by the parent over the framed pipe on fd 3 until it is killed. Module-level state survives between invokes.
// Frames (see protocol.ts and frames.ts): [u32 BE meta length][u32 BE body length][meta JSON][body bytes].
// An invoke whose payload the parent put in the payload file (fd 4) says so with `fileBytes`; its answer goes there too.
import { existsSync, readdirSync, readFileSync, readSync, realpathSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import Module, { createRequire, register } from 'node:module';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { readJson } from './read-json.mjs';
import { grownSize, writeJson } from './write-json.mjs';

const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const handlerString = process.env._HANDLER ?? '';
const registerEsmHooks = installModuleResolution();
pointSdkV2AtEndpoint();
/** The invocation in progress: { id, finish } */
let current;
let maxRssKb = 0;

const HEADER_BYTES = 8;
const channel = new Socket({ fd: 3, readable: true, writable: true });
// The instance dies with the endpoint: a closed channel means the parent is gone.
channel.on('end', () => process.exit(0));
channel.on('error', () => process.exit(0));

// Result payloads are written into one buffer kept across invocations, so a warm instance does not
// fault in fresh pages for every large answer; a buffer still being written is never reused.
let outBuffer = Buffer.alloc(0);
let outBusy = false;

/**
 * Sends a message; `writeBody(buffer, at)`, when given, writes the frame body into the buffer from `at`
 * and returns { buffer, end } (the buffer may have grown). It may throw, and then nothing is sent.
 */
const send = (message, writeBody) => {
  if (!channel.writable) return;
  const meta = JSON.stringify(message);
  const metaLength = Buffer.byteLength(meta);
  const bodyAt = HEADER_BYTES + metaLength;
  const reuse = writeBody !== undefined && !outBusy;
  let frame = reuse ? outBuffer : Buffer.allocUnsafe(bodyAt);
  if (frame.length < bodyAt) frame = Buffer.allocUnsafeSlow(grownSize(frame.length, bodyAt));
  let end = bodyAt;
  if (writeBody !== undefined) ({ buffer: frame, end } = writeBody(frame, bodyAt));
  frame.writeUInt32BE(metaLength, 0);
  frame.writeUInt32BE(end - bodyAt, 4);
  frame.write(meta, HEADER_BYTES);
  if (!reuse) {
    channel.write(frame.subarray(0, end));
    return;
  }
  outBuffer = frame;
  outBusy = true;
  channel.write(frame.subarray(0, end), () => {
    outBusy = false;
  });
};

/** Writes the handler's answer as JSON; an answer JSON.stringify gives nothing for is `null`, as on Lambda. */
const writeAnswer = (result) => (buffer, at) => writeJson(result, buffer, at) ?? writeJson(null, buffer, at);

// The payload file the parent shares with this process (see spawn-instance.ts): an event the parent wrote
// there is read with one call, and the answer to it written there with one, instead of crossing the pipe
// in 64 KB turns of both processes. Its buffer, like outBuffer, is kept across invocations.
const PAYLOAD_FD = 4;
let fileBuffer = Buffer.alloc(0);

/** Reads `length` bytes of the payload file into the event buffer; false when the file holds fewer. */
function readPayloadFile(length) {
  if (inBuffer.length < length) inBuffer = Buffer.allocUnsafeSlow(grownSize(inBuffer.length, length));
  let done = 0;
  while (done < length) {
    const read = readSync(PAYLOAD_FD, inBuffer, done, length - done, done);
    if (read === 0) return false;
    done += read;
  }
  return true;
}

/** Writes `length` bytes of `buffer` to the payload file from its start; false when it cannot (a full disk). */
function writePayloadFile(buffer, length) {
  try {
    let done = 0;
    while (done < length) done += writeSync(PAYLOAD_FD, buffer, done, length - done, done);
    return true;
  } catch {
    return false;
  }
}

/** Sends the answer to an invoke that came through the payload file the same way, or in the frame when the file cannot take it. */
function sendResultInFile(id, result) {
  const memory = memoryMb();
  const written = writeAnswer(result)(fileBuffer, 0);
  fileBuffer = written.buffer;
  if (writePayloadFile(fileBuffer, written.end)) {
    send({ type: 'result', id, memoryMb: memory, fileBytes: written.end });
    return;
  }
  send({ type: 'result', id, memoryMb: memory }, (buffer, at) => {
    const frame = buffer.length >= at + written.end ? buffer : Buffer.allocUnsafeSlow(grownSize(buffer.length, at + written.end));
    if (frame !== buffer) buffer.copy(frame, 0, 0, at);
    fileBuffer.copy(frame, at, 0, written.end);
    return { buffer: frame, end: at + written.end };
  });
}

// Function output travels over the same channel as results, so the parent sees it in order.
const LEVELS = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
for (const [method, level] of Object.entries(LEVELS)) {
  console[method] = (...args) => {
    send({ type: 'log', text: `${new Date().toISOString()}\t${current?.id ?? 'undefined'}\t${level}\t${format(...args)}\n` });
  };
}
for (const stream of [process.stdout, process.stderr]) {
  stream.write = (chunk, encoding, callback) => {
    send({ type: 'log', text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  };
}

function describeError(error, fallbackType) {
  if (error instanceof Error) {
    return { errorType: error.name || fallbackType, errorMessage: error.message, trace: String(error.stack ?? '').split('\n') };
  }
  return { errorType: fallbackType ?? typeof error, errorMessage: String(error), trace: [] };
}

function memoryMb() {
  maxRssKb = Math.max(maxRssKb, process.resourceUsage().maxRSS);
  return Math.ceil(maxRssKb / 1024);
}

class RuntimeError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

function realPath(path) {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Packages resolve as on Lambda: from the function's own folders, its layers (NODE_PATH's /opt
 * folders) and the runtime's SDK, for `require` and `import` alike, and never from node_modules folders
 * above the function's code that Lambda would not have (the function's folder may sit inside a project).
 */
function installModuleResolution() {
  const within = (path, roots) => roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
  const optRoot = process.env.HOSEPIPE_OPT_DIR;
  const userRoots = [realPath(taskRoot), ...(optRoot ? [realPath(optRoot)] : [])];
  const searchPaths = (process.env.NODE_PATH ?? '').split(delimiter).filter(Boolean);
  // What the search folders hold may be links (the runtime's SDK is): their targets are allowed too.
  const allowedRoots = [...userRoots, ...searchPaths.flatMap((folder) => {
    let names = [];
    try {
      names = readdirSync(folder);
    } catch {
      return [];
    }
    return [realPath(folder), ...names.map((name) => realPath(join(folder, name)))];
  })];
  const nodeModulePaths = Module._nodeModulePaths;
  Module._nodeModulePaths = function nodeModulePathsWithinFunction(from) {
    const paths = nodeModulePaths.call(this, from);
    return within(realPath(from), userRoots) ? paths.filter((path) => within(path, userRoots)) : paths;
  };
  return () => register(new URL('./node-resolve-hooks.mjs', import.meta.url), { data: { searchPaths, userRoots, allowedRoots } });
}

// ES module hooks run in a thread of their own, which costs an instance's start a few hundred
// milliseconds: they are registered only for an ES module that imports a package (a bundle does not).
const BARE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](?![./]|node:|data:|file:)[^'"]+['"]/;

/**
 * The AWS SDK for JavaScript v2 (`aws-sdk`, bundled by the function) does not read AWS_ENDPOINT_URL:
 * once it has loaded, its global configuration is pointed at the local endpoint, S3 path-style.
 */
function pointSdkV2AtEndpoint() {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) return;
  const loader = `${sep}aws-sdk${sep}lib${sep}node_loader.js`;
  const compileJs = Module._extensions['.js'];
  Module._extensions['.js'] = function compileThenConfigure(module, filename) {
    compileJs.call(this, module, filename);
    if (!filename.endsWith(loader)) return;
    const AWS = module.require('./core');
    AWS.config.update({ endpoint, s3ForcePathStyle: true });
  };
}

function locateModule(modulePath) {
  for (const extension of ['.js', '.mjs', '.cjs']) {
    const file = resolve(taskRoot, modulePath + extension);
    if (existsSync(file)) return file;
  }
  return undefined;
}

// A .js file is ESM when the nearest package.json (up to the task root) says "type": "module".
function isEsm(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = dirname(file); dir.startsWith(taskRoot); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === taskRoot) break;
  }
  return false;
}

async function loadHandler() {
  const slash = handlerString.lastIndexOf('/');
  const directory = handlerString.slice(0, slash + 1);
  const rest = handlerString.slice(slash + 1);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const moduleName = rest.slice(0, dot);
  const handlerPath = rest.slice(dot + 1);
  const file = locateModule(directory + moduleName);
  if (file === undefined) {
    throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${join(taskRoot, 'node-bootstrap.mjs')}`);
  }
  let loaded;
  try {
    if (isEsm(file) && BARE_IMPORT.test(readFileSync(file, 'utf8'))) registerEsmHooks();
    loaded = isEsm(file) ? await import(pathToFileURL(file).href) : createRequire(file)(file);
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'MODULE_NOT_FOUND') {
      throw new RuntimeError('Runtime.ImportModuleError', `${error.name}: ${error.message}`);
    }
    throw error;
  }
  let target = loaded;
  for (const part of handlerPath.split('.')) target = target?.[part];
  // A CommonJS module imported as ESM keeps its exports under `default`.
  if (typeof target !== 'function' && loaded?.default) {
    target = loaded.default;
    for (const part of handlerPath.split('.')) target = target?.[part];
  }
  if (typeof target !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${directory}${moduleName}.${handlerPath} is undefined or not exported`);
  }
  return target;
}

function makeContext(message, finish) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.id,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: message.clientContext,
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - Date.now()),
    succeed: (result) => finish(null, result),
    fail: (error) => finish(error ?? new Error('handled')),
    done: (error, result) => finish(error, result),
  };
}

function runInvoke(handler, message, payload) {
  let settled = false;
  const finish = (error, result) => {
    if (settled) return;
    settled = true;
    current = undefined;
    if (error !== null && error !== undefined) {
      const described = describeError(error);
      send({ type: 'log', text: `${new Date().toISOString()}\t${message.id}\tERROR\tInvoke Error \t${JSON.stringify(described)}\n` });
      send({ type: 'error', id: message.id, error: described, memoryMb: memoryMb() });
      return;
    }
    try {
      if (message.fileBytes !== undefined) sendResultInFile(message.id, result);
      else send({ type: 'result', id: message.id, memoryMb: memoryMb() }, writeAnswer(result));
    } catch (marshal) {
      const error = new RuntimeError('Runtime.MarshalError', `Unable to stringify response body: ${marshal.message}`);
      send({ type: 'error', id: message.id, error: describeError(error), memoryMb: memoryMb() });
    }
  };
  current = { id: message.id, finish };
  let event;
  try {
    event = payload.length === 0 ? null : readJson(payload);
  } catch {
    if (message.checkJson === true) {
      // The caller's payload, unchecked until now: Lambda refuses it before any handler runs.
      settled = true;
      current = undefined;
      send({ type: 'invalid-event', id: message.id });
      return;
    }
    finish(new RuntimeError('Runtime.UnmarshalError', `Unable to parse input as JSON: ${payload.toString('utf8').slice(0, 100)}`));
    return;
  }
  try {
    const returned = handler(event, makeContext(message, finish), (error, result) => finish(error, result));
    if (returned && typeof returned.then === 'function') {
      returned.then((result) => finish(null, result), (error) => finish(error ?? new Error('Promise rejected')));
    } else if (handler.length < 3) {
      // A synchronous handler that takes no callback answers null, as in the Lambda runtime.
      finish(null, undefined);
    }
  } catch (error) {
    finish(error);
  }
}

// An error outside any awaited promise ends the instance, and fails the invocation that was running.
process.on('uncaughtException', (error) => {
  if (current) current.finish(error);
  setImmediate(() => process.exit(129));
});
process.on('unhandledRejection', (reason) => {
  const error = new RuntimeError('Runtime.UnhandledPromiseRejection', reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
  if (current) current.finish(error);
  setImmediate(() => process.exit(128));
});

let handler;
try {
  handler = await loadHandler();
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'init-error', error: describeError(error) });
}

// Event payloads are gathered into one buffer kept across invocations (grown, never shrunk).
let inBuffer = Buffer.alloc(0);
const head = Buffer.alloc(HEADER_BYTES);
let headFilled = 0;
let meta;
let metaFilled = 0;
let bodyLength = 0;
let bodyFilled = 0;

function onFrame(message, payload) {
  if (message?.type !== 'invoke' || handler === undefined) return;
  if (message.fileBytes === undefined) return runInvoke(handler, message, payload);
  // The parent's own file shorter than it said: the channel cannot be trusted, and the parent sees the exit.
  if (!Number.isSafeInteger(message.fileBytes) || message.fileBytes < 0 || !readPayloadFile(message.fileBytes)) process.exit(1);
  runInvoke(handler, message, inBuffer.subarray(0, message.fileBytes));
}

channel.on('data', (chunk) => {
  let at = 0;
  while (at < chunk.length) {
    if (meta === undefined) {
      const taken = Math.min(HEADER_BYTES - headFilled, chunk.length - at);
      chunk.copy(head, headFilled, at, at + taken);
      headFilled += taken;
      at += taken;
      if (headFilled < HEADER_BYTES) return;
      meta = Buffer.allocUnsafe(head.readUInt32BE(0));
      metaFilled = 0;
      bodyLength = head.readUInt32BE(4);
      bodyFilled = 0;
      if (inBuffer.length < bodyLength) inBuffer = Buffer.allocUnsafeSlow(grownSize(inBuffer.length, bodyLength));
    } else if (metaFilled < meta.length) {
      const taken = Math.min(meta.length - metaFilled, chunk.length - at);
      chunk.copy(meta, metaFilled, at, at + taken);
      metaFilled += taken;
      at += taken;
    } else {
      const taken = Math.min(bodyLength - bodyFilled, chunk.length - at);
      chunk.copy(inBuffer, bodyFilled, at, at + taken);
      bodyFilled += taken;
      at += taken;
    }
    if (meta !== undefined && metaFilled === meta.length && bodyFilled === bodyLength) {
      const message = JSON.parse(meta.toString('utf8'));
      meta = undefined;
      headFilled = 0;
      onFrame(message, inBuffer.subarray(0, bodyLength));
    }
  }
});
