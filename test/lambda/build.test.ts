import test from 'ava';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import {
  TRANSFORM_BUNDLE_FILE,
  TRANSFORM_HANDLER,
  TRANSFORM_RUNTIME,
  buildTransformZip,
  type FirehoseTransformationHandler,
  type TransformZip,
} from '../../lambda/index.js';
import { decodeJsonRecord, firehoseEvent } from './helpers/firehose-event.js';

const run = promisify(execFile);

let workDir: string;
let built: TransformZip;
let bundlePath: string;

test.before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'hosepipe-lambda-build-'));
  built = await buildTransformZip({ outDir: path.join(workDir, 'first') });
  const files = unzipSync(await readFile(built.zipPath));
  bundlePath = path.join(workDir, TRANSFORM_BUNDLE_FILE);
  await writeFile(bundlePath, files[TRANSFORM_BUNDLE_FILE] ?? new Uint8Array());
});

test.after.always(async () => {
  await rm(workDir, { recursive: true, force: true });
});

test('buildTransformZip writes transform.zip and reports its size and sha256', async (t) => {
  const zip = await readFile(built.zipPath);
  t.is(path.basename(built.zipPath), 'transform.zip');
  t.is(built.bytes, zip.byteLength);
  t.is(built.sha256, createHash('sha256').update(zip).digest('hex'));
});

test('buildTransformZip gives the same bytes for the same source', async (t) => {
  const again = await buildTransformZip({ outDir: path.join(workDir, 'second') });
  t.is(again.sha256, built.sha256);
});

test('the zip holds exactly the one file the handler setting names', async (t) => {
  const files = unzipSync(await readFile(built.zipPath));
  t.deepEqual(Object.keys(files), [TRANSFORM_BUNDLE_FILE]);
  t.is(TRANSFORM_HANDLER, 'index.handler');
  t.is(TRANSFORM_BUNDLE_FILE, 'index.mjs');
  t.is(TRANSFORM_RUNTIME, 'nodejs22.x');
});

test('terraform/ creates the transform with the runtime the zip targets', async (t) => {
  const module = await readFile(new URL('../../terraform/transform.tf', import.meta.url), 'utf8');
  t.deepEqual([...module.matchAll(/^\s*runtime\s*=\s*"([^"]+)"/gm)].map((match) => match[1]), [TRANSFORM_RUNTIME]);
});

test('the bundle from the zip transforms a Firehose event on its own', async (t) => {
  process.env.HOSEPIPE_TIME_ZONE = 'Asia/Seoul';
  process.env.HOSEPIPE_DROP_RULES = '[{"field":"uri","equals":"/healthz"}]';
  const { handler } = (await import(pathToFileURL(bundlePath).href)) as { handler: FirehoseTransformationHandler };
  const event = firehoseEvent([
    '10.0.0.1 - - [10/Mar/2024:16:00:00 +0000] "GET /a HTTP/1.1" 200 1 "-" "\\xEC\\x84\\x9C\\xEC\\x9A\\xB8"\n',
    '10.0.0.1 - - [10/Mar/2024:16:00:00 +0000] "GET /healthz HTTP/1.1" 200 1 "-" "-"\n',
    'garbage\n',
  ]);
  const { records } = await handler(event, {});
  t.deepEqual(records.map((r) => r.result), ['Ok', 'Dropped', 'ProcessingFailed']);
  t.deepEqual(records.map((r) => r.recordId), event.records.map((r) => r.recordId));
  t.deepEqual(records[0]?.metadata?.partitionKeys, { year: '2024', month: '03', day: '11', hour: '01' });
  t.like(decodeJsonRecord(records[0]?.data ?? ''), { uri: '/a', http_user_agent: '서울' });
});

test('the bundle refuses to load with a bad variable and says which', async (t) => {
  const error = await t.throwsAsync(
    run(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(bundlePath).href)})`], {
      env: { PATH: process.env.PATH, HOSEPIPE_TIME_ZONE: 'Seoul' },
    }),
  );
  t.regex((error as Error & { stderr: string }).stderr, /HOSEPIPE_TIME_ZONE="Seoul": expected an IANA time zone/);
});
