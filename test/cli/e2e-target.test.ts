import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { stringify as stringifyYaml } from 'yaml';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { createEdgeServer } from '../../emulator-shims/index.js';
import { localTarget, parsePipelineConfig, provision } from '../../provision/index.js';
import { transformArtifact } from '../../stack/index.js';
import { terraformEnv, terraformMissing } from '../terraform/terraform-cli.js';
import { collect } from '../fixtures/processes.js';

const BIN = `${PACKAGE_ROOT}/cli/bin.js`;

const run = (args: string[], env: Record<string, string> = {}) => collect(process.execPath, [BIN, ...args], PACKAGE_ROOT, { ...process.env, ...env });

test('hosepipe e2e --target names embedded, terraform or aws; anything else is a usage error (exit 2)', async (t) => {
  const wrong = await run(['e2e', '--target', 'staging', 'http-requests']);
  t.is(wrong.code, 2);
  t.regex(wrong.err, /--target must be embedded, terraform or aws \(got "staging"\)/);
  const regionless = await run(['e2e', '--region', 'eu-west-1', 'http-requests']);
  t.is(regionless.code, 2);
  t.regex(regionless.err, /--region is for --target aws/);
  const rootless = await run(['e2e', '--target', 'terraform', 'http-requests']);
  t.is(rootless.code, 2);
  t.regex(rootless.err, /--target terraform needs --terraform DIR/);
  const stray = await run(['e2e', '--terraform', 'terraform/examples/local', 'http-requests']);
  t.is(stray.code, 2);
  t.regex(stray.err, /--terraform is for --target terraform/);
  const strayVar = await run(['e2e', '--var', 'force_destroy=true', 'http-requests']);
  t.is(strayVar.code, 2);
  t.regex(strayVar.err, /--var is for --target terraform/);
  const badVar = await run(['e2e', '--target', 'terraform', '--terraform', 'terraform/examples/local', '--var', 'no-equals-sign', 'http-requests']);
  t.is(badVar.code, 2);
  t.regex(badVar.err, /--var must be NAME=VALUE with a Terraform variable name \(got "no-equals-sign"\)/);
});

if (terraformMissing) {
  test.skip(`hosepipe e2e --target terraform — skipped: ${terraformMissing}`, () => {});
} else {
  test('hosepipe e2e --target terraform applies the root to an endpoint of its own and runs the scenarios against its pipeline one at a time, faults included; a restart of the shared endpoint is skipped with its reason', async (t) => {
    t.timeout(10 * 60_000, 'terraform init and apply, then three scenarios in turn');
    const work = mkdtempSync(join(tmpdir(), 'hosepipe-e2e-terraform-'));
    t.teardown(() => rmSync(work, { recursive: true, force: true }));
    // The repository's module and its local example, copied so the example's `source = "../.."` still finds the module.
    cpSync(join(PACKAGE_ROOT, 'terraform'), join(work, 'terraform'), { recursive: true, filter: (path) => !/\.terraform|terraform\.tfstate|hosepipe_endpoint_override/.test(path) });
    const config = parsePipelineConfig({ name: 'weblogs' }, join(PACKAGE_ROOT, 'hosepipe.yaml'));
    const artifact = await transformArtifact(config, join(work, 'artifact'));
    writeFileSync(join(work, 'transform.zip'), artifact.zip);
    writeFileSync(join(work, 'pipeline.tfvars'), `lambda_zip_path = ${JSON.stringify(join(work, 'transform.zip'))}\n`);
    const env = await terraformEnv(work);

    const root = join(work, 'terraform', 'examples', 'local');
    const { code, out, err } = await run(['e2e', '--target', 'terraform', '--terraform', root, '--var-file', join(work, 'pipeline.tfvars'), '--var', 'force_destroy=true', 'http-requests', 'lambda-fails-first-two', 'endpoint-restart'], env as Record<string, string>);
    t.is(code, 0, `${out}\n${err}`);
    t.regex(out, /1 at a time, against the delivery stream weblogs-to-s3 \(us-east-1\) on http:\/\/127\.0\.0\.1:\d+ \(the Terraform root /);
    t.regex(out, /^ {2}✔ HTTP requests to nginx land in S3 /m);
    t.regex(out, /^ {2}✔ A Lambda failing its first two invocations /m);
    t.regex(out, /^ {2}- The endpoint stopped and started again .*: skipped, step 3 \(restartEndpoint\) stops and starts the endpoint, which the scenarios share here$/m);
    t.regex(out, /^2 passed, 1 skipped, 0 failed$/m);
  });
}

test('hosepipe e2e --target aws against a deployed pipeline (an endpoint with its admin API off standing in for AWS): a scenario runs, one with a fault step and one that changes the deployed pipeline are listed as skipped with their reasons, exit 0', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'hosepipe-e2e-target-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const standIn = await createEdgeServer({ port: 0, stateDir: join(work, 'stand-in'), admin: false });
  t.teardown(() => standIn.close());
  // The pipeline as `hosepipe deploy --target aws` leaves it, with the function's buffer at 1 s so the wait is about a minute.
  const document = { name: 'e2e-cli', firehose: { processorBuffering: { intervalSeconds: 1 } } };
  writeFileSync(join(work, 'hosepipe.yaml'), stringifyYaml(document));
  const config = parsePipelineConfig(document, join(work, 'hosepipe.yaml'));
  await provision(localTarget(standIn.url, config.region), config, await transformArtifact(config, join(work, 'artifact')));
  mkdirSync(join(work, 'scenarios'));
  for (const file of ['http-requests-land-as-json', 'lambda-fails-first-two-attempts', 'team-python-transform']) {
    copyFileSync(join(PACKAGE_ROOT, 'scenarios', `${file}.scenario.yaml`), join(work, 'scenarios', `${file}.scenario.yaml`));
  }

  const { code, out, err } = await run(['e2e', '--target', 'aws', '--config', join(work, 'hosepipe.yaml'), '--dir', join(work, 'scenarios'), '--concurrency', '3'], { AWS_ENDPOINT_URL: standIn.url, AWS_REGION: 'us-east-1' });
  t.is(code, 0, `${out}\n${err}`);
  t.regex(out, new RegExp(`against the delivery stream e2e-cli-to-s3 on AWS \\(us-east-1 through ${standIn.url.replace(/[.]/g, '\\.')}\\)`));
  t.regex(out, /^ {2}✔ HTTP requests to nginx land in S3 .*\(http-requests-land-as-json\.scenario\.yaml, [\d.]+ s\)$/m);
  t.regex(out, /^ {2}- A Lambda failing .* \(lambda-fails-first-two-attempts\.scenario\.yaml\): skipped, step 1 \(fault: lambda Invoke ServiceException\) injects a fault, which only hosepipe's endpoint can do$/m);
  t.regex(out, /^ {2}- A team's own Python transform .* \(team-python-transform\.scenario\.yaml\): skipped, its pipeline sets firehose, transform, .* --deploy/m);
  t.regex(out, /^1 passed, 2 skipped, 0 failed$/m);
});

test('hosepipe up names --var and --var-file as Terraform flags without --terraform, and refuses a --var without NAME=', async (t) => {
  const stray = await run(['up', '--var', 'force_destroy=true']);
  t.is(stray.code, 2);
  t.regex(stray.err, /up: --var is for a Terraform root: give it with --terraform DIR/);
  const bad = await run(['up', '--terraform', 'terraform/examples/local', '--var', '=1']);
  t.is(bad.code, 2);
  t.regex(bad.err, /up: --var must be NAME=VALUE with a Terraform variable name \(got "=1"\)/);
});
