import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEAM_FUNCTION = fileURLToPath(new URL('../fixtures/team-python-transform', import.meta.url));
const AWS_CLI = '/usr/bin/aws';

// `make up` and `make flush` are `hosepipe up -d` and `hosepipe flush` (the Makefile runs the built CLI); this runs the CLI itself.
test('hosepipe up with transform.code in hosepipe.yaml runs the team\'s Python function: a request to nginx, a flush, and its own object and Firehose\'s delivery are in the bucket', async (t) => {
  t.timeout(5 * 60_000, 'a whole stack with a Python transform');
  const cwd = mkdtempSync(join(tmpdir(), 'hosepipe-team-up-'));
  const env = { ...process.env, HOSEPIPE_STATE_DIR: join(cwd, '.hosepipe') };
  const hosepipe = (args: string[]) => run(process.execPath, [join(ROOT, 'cli', 'bin.js'), ...args], { cwd, env });
  const bucket = 'teamup-000000000000-us-east-1';
  writeFileSync(join(cwd, 'hosepipe.yaml'), [
    'name: teamup',
    // Port 0: free ports bound by hosepipe itself (read back from the run state), none chosen beforehand that
    // another test file's server could take first.
    'endpoint: { port: 0 }',
    'nginx: { listen: 127.0.0.1:0 }',
    'transform:',
    `  code: ${JSON.stringify(TEAM_FUNCTION)}`,
    '  runtime: python3.11',
    `  environment: { OUTPUT_BUCKET: ${bucket} }`,
    '  policyStatements:',
    `    - { Effect: Allow, Action: "s3:PutObject", Resource: "arn:aws:s3:::${bucket}/team/*" }`,
    'firehose:',
    '  prefix: "kinesis/firehose/migration/!{timestamp:yyyy/MM/dd/HH}/"',
    '',
  ].join('\n'));
  t.teardown(async () => { await hosepipe(['down']).catch(() => undefined); });

  await hosepipe(['up', '-d']);
  const { endpoint, nginxUrl } = JSON.parse(readFileSync(join(cwd, '.hosepipe', 'run', 'hosepipe.json'), 'utf8')) as { endpoint: string; nginxUrl: string };
  for (let i = 0; i < 3; i++) t.is((await fetch(`${nginxUrl}/team?i=${i}`)).status, 200);
  await hosepipe(['flush']);

  const ls = await run(AWS_CLI, ['--endpoint-url', endpoint, 's3', 'ls', '--recursive', `s3://${bucket}/`], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' },
  });
  t.is(ls.stdout.match(/ team\/parsed\/\S+\.json$/gm)?.length, 3, `the function's own objects:\n${ls.stdout}`);
  t.regex(ls.stdout, / kinesis\/firehose\/migration\/\d{4}\/\d\d\/\d\d\/\d\d\/teamup-to-s3-1-/, 'Firehose\'s delivery of what the function returned Ok');
  const audit = await hosepipe(['audit']);
  t.regex(audit.stdout, /nothing missing/);
});
