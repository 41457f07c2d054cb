import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPipeline } from '../../api/index.js';
import { TEAM, teamRoot } from '../terraform/team-root.js';
import { terraformEnv, terraformMissing } from '../terraform/terraform-cli.js';

if (terraformMissing) {
  test.skip(`startPipeline({ terraform }) — skipped: ${terraformMissing}`, () => {});
} else {
  test('startPipeline({ terraform }) applies a team\'s root in eu-west-1: requests to nginx become the function\'s own objects and Firehose\'s deliveries, and the audit accounts for every line', async (t) => {
    t.timeout(10 * 60_000, 'terraform init and apply, a Python function, delivery');
    const work = await mkdtemp(join(tmpdir(), 'hosepipe-api-tf-'));
    t.teardown(() => rm(work, { recursive: true, force: true }));
    const dir = await teamRoot(work);
    let stateDir = '';
    {
      await using pipeline = await startPipeline({ terraform: { dir, env: await terraformEnv(work) } });
      stateDir = pipeline.stateDir;
      t.is(pipeline.kind, 'terraform');
      t.is(pipeline.region, TEAM.region);
      t.deepEqual(pipeline.names, { bucket: TEAM.bucket, stream: TEAM.stream, deliveryStream: TEAM.deliveryStream, functionName: TEAM.functionName });
      t.deepEqual(pipeline.prefixes, { success: TEAM.delivered, error: TEAM.errors, backup: null });
      t.is(await pipeline.clients.s3.config.region(), TEAM.region);

      const answers = await pipeline.send([0, 1, 2].map((i) => `/team?i=${i}`));
      t.deepEqual(answers.map(({ status }) => status), [200, 200, 200]);
      await pipeline.flush();
      const parsed = await pipeline.records<{ request: string; status: number }>(TEAM.parsed);
      t.deepEqual(parsed.map(({ request }) => request).sort(), [0, 1, 2].map((i) => `GET /team?i=${i} HTTP/1.1`), 'the function\'s own objects, written with boto3');
      const delivered = (await pipeline.objects(TEAM.delivered)).map(({ body }) => body.toString()).join('');
      for (let i = 0; i < 3; i++) t.true(delivered.includes(`/team?i=${i} `), `line ${i} delivered as the function returned it`);

      const audit = await pipeline.audit();
      t.true(audit.passed, audit.text);
      t.is(audit.report.written, 3);
      t.is(audit.report.delivered, 3);
    }
    t.false(existsSync(stateDir), 'the temporary state folder is gone');
  });
}
