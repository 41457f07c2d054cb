import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FirehoseTransformationHandler } from '../../lambda/index.js';
import { decodeJsonRecord, firehoseEvent } from './helpers/firehose-event.js';

const run = promisify(execFile);

test('the handler module reads its configuration from the environment at load', async (t) => {
  // Each ava test file runs in its own process, so setting the environment before the import is safe.
  process.env.HOSEPIPE_LOG_FORMAT = 'main';
  process.env.HOSEPIPE_TIME_ZONE = 'Asia/Seoul';
  const { handler } = (await import('../../lambda/handler.js')) as { handler: FirehoseTransformationHandler };
  const line = '10.0.0.1 - - [10/Mar/2024:16:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua" "203.0.113.5"\n';
  const { records } = await handler(firehoseEvent([line]), {});
  t.like(records[0], { result: 'Ok', metadata: { partitionKeys: { day: '11', hour: '01' } } });
  t.like(decodeJsonRecord(records[0]?.data ?? ''), { http_x_forwarded_for: '203.0.113.5' });
});

test('loading the handler module with a bad variable fails with its name and value', async (t) => {
  const error = await t.throwsAsync(
    run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "await import('./lambda/handler.ts')"], {
      env: { ...process.env, HOSEPIPE_LOG_ESCAPE: 'xml' },
    }),
  );
  t.regex((error as Error & { stderr: string }).stderr, /HOSEPIPE_LOG_ESCAPE="xml": expected one of default, json, none/);
});
