import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetFunctionCommand, InvokeCommand, LambdaClient, ListLayerVersionsCommand } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { zipSync } from 'fflate';
import { createEdgeServer } from '../../emulator-shims/index.js';
import { zipSources } from '../../provision/index.js';
import { terraform, terraformEnv, terraformMissing } from './terraform-cli.js';

// The team's parser layer from the scenario, and a function that only works when the layer is attached.
const LAYER = fileURLToPath(new URL('../../scenarios/team-python-transform/layers/access-log/', import.meta.url));
const FUNCTION = 'from access_log import parse_line\n\n\ndef lambda_handler(event, context):\n    return parse_line(event["line"])\n';
const LINE = '203.0.113.9 - - [25/Nov/2026:09:15:02 +0900] "GET /tf?x=1 HTTP/1.1" 200 512 "-" "curl/8.5.0"';

const CONFIG = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "endpoint" { type = string }
variable "name" { type = string }
variable "layer_zip" { type = string }
variable "function_zip" { type = string }

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    iam    = var.endpoint
    lambda = var.endpoint
    sts    = var.endpoint
  }
}

resource "aws_iam_role" "fn" {
  name = "\${var.name}-fn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_layer_version" "parser" {
  layer_name               = "\${var.name}-access-log"
  description              = "the team's access-log parser"
  filename                 = var.layer_zip
  source_code_hash         = filebase64sha256(var.layer_zip)
  compatible_runtimes      = ["python3.12"]
  compatible_architectures = ["x86_64"]
}

resource "aws_lambda_function" "fn" {
  function_name    = "\${var.name}-fn"
  role             = aws_iam_role.fn.arn
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
  handler          = "lambda_function.lambda_handler"
  runtime          = "python3.12"
  layers           = [aws_lambda_layer_version.parser.arn]
}
`;

if (terraformMissing) {
  test.skip(`terraform aws_lambda_layer_version against the local endpoint — skipped: ${terraformMissing}`, () => {});
} else {
  test('terraform publishes an aws_lambda_layer_version, attaches it to a function that imports from it, re-plans clean and destroys it', async (t) => {
    t.timeout(20 * 60_000, 'terraform init, apply, plan, apply of a changed layer and destroy');
    const work = await mkdtemp(join(tmpdir(), 'hosepipe-tf-layer-'));
    t.teardown(() => rm(work, { recursive: true, force: true }));
    const edge = await createEdgeServer({ port: 0, stateDir: join(work, 'state') });
    t.teardown(() => edge.close());
    const env = await terraformEnv(work);
    await writeFile(join(work, 'main.tf'), CONFIG);
    await writeFile(join(work, 'layer.zip'), zipSources(LAYER));
    await writeFile(join(work, 'function.zip'), zipSync({ 'lambda_function.py': new TextEncoder().encode(FUNCTION) }));
    const name = `tfl-${randomBytes(3).toString('hex')}`;
    const vars = ['-var', `endpoint=${edge.url}`, '-var', `name=${name}`, '-var', `layer_zip=${join(work, 'layer.zip')}`, '-var', `function_zip=${join(work, 'function.zip')}`];
    const lambda = new LambdaClient({ endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
    t.teardown(() => lambda.destroy());
    const invoke = async () => {
      const answer = await lambda.send(new InvokeCommand({ FunctionName: `${name}-fn`, Payload: new TextEncoder().encode(JSON.stringify({ line: LINE })) }));
      t.is(answer.FunctionError, undefined, new TextDecoder().decode(answer.Payload));
      return JSON.parse(new TextDecoder().decode(answer.Payload)) as Record<string, unknown>;
    };

    const init = await terraform(['init', '-input=false', '-no-color'], work, env);
    t.is(init.code, 0, init.output);
    const apply = await terraform(['apply', '-auto-approve', '-input=false', '-no-color', ...vars], work, env);
    t.is(apply.code, 0, apply.output);
    const layerArn = `arn:aws:lambda:us-east-1:000000000000:layer:${name}-access-log`;
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: `${name}-fn` }));
    t.deepEqual(fn.Configuration?.Layers?.map((layer) => layer.Arn), [`${layerArn}:1`]);
    t.like(await invoke(), { uri: '/tf', query: 'x=1', status: 200, parsed_by: 'access-log-layer' });
    const plan = await terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color', ...vars], work, env);
    t.is(plan.code, 0, `a second plan must show no changes:\n${plan.output}`);

    // A changed layer is a new version (the resource is replaced), and the function moves to it.
    await writeFile(join(work, 'layer.zip'), zipSync({ 'python/access_log.py': new TextEncoder().encode('def parse_line(line):\n    return {"parsed_by": "version 2"}\n') }));
    const changed = await terraform(['apply', '-auto-approve', '-input=false', '-no-color', ...vars], work, env);
    t.is(changed.code, 0, changed.output);
    t.deepEqual((await lambda.send(new GetFunctionCommand({ FunctionName: `${name}-fn` }))).Configuration?.Layers?.map((layer) => layer.Arn), [`${layerArn}:2`]);
    t.deepEqual(await invoke(), { parsed_by: 'version 2' });
    const replanned = await terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color', ...vars], work, env);
    t.is(replanned.code, 0, `a plan after the new version must show no changes:\n${replanned.output}`);

    const destroy = await terraform(['destroy', '-auto-approve', '-input=false', '-no-color', ...vars], work, env);
    t.is(destroy.code, 0, destroy.output);
    t.deepEqual((await lambda.send(new ListLayerVersionsCommand({ LayerName: `${name}-access-log` }))).LayerVersions, []);
  });
}
