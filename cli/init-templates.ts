/** Pure: the files `hosepipe init` writes into a team's repository. */

/** A pipeline name from the project's (package.json name or folder): what hosepipe.yaml's `name` accepts. */
export function pipelineNameFor(project: string): string {
  const name = project.replace(/^@[^/]+\//, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32).replace(/-+$/, '');
  return /^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/.test(name) ? name : 'weblogs';
}

export function starterConfig(name: string): string {
  return `# hosepipe: this repository's log pipeline (nginx -> agent -> Kinesis -> Firehose + Lambda -> S3), run locally
# with \`npx hosepipe up\` and deployed with \`npx hosepipe deploy --target aws\`. A starting point: every field
# but \`name\` is optional. All fields and their defaults: node_modules/hosepipe/README.md.
name: ${name}
region: us-east-1

endpoint:
  port: 4566                     # the local AWS endpoint (LocalStack's port)

nginx:
  listen: 127.0.0.1:8080         # loopback only
  logFormat: combined            # combined, main, or your own log_format string of nginx variables

transform:
  timeZone: UTC                  # partition keys come from each event's own time in this zone
  # Your own function instead of hosepipe's built-in nginx-line parser; paths are relative to this file.
  # code: functions/transform    # a folder, a single file or a zip
  # runtime: python3.12          # or nodejs22.x, ...
  # handler: lambda_function.lambda_handler
  # (the prefix below takes its partition keys from the transform: a function of your own returns them too,
  # or use !{timestamp:...} there instead)

firehose:
  buffering: { sizeMB: 64, intervalSeconds: 60 }
  prefix: "logs/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/"
  errorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/"
  backupPrefix: "raw/!{timestamp:yyyy/MM/dd/HH}/"
`;
}

/** Make targets for the team's Makefile (`include hosepipe.mk`), prefixed so they clash with none of its own. */
export function makefileSnippet(): string {
  return `# hosepipe's targets, written by \`npx hosepipe init\`: add \`include hosepipe.mk\` to your Makefile.
HOSEPIPE ?= node_modules/.bin/hosepipe

hosepipe-setup: ## install what hosepipe needs on this machine (nginx), where missing
	@sh node_modules/hosepipe/scripts/setup.sh up

hosepipe-up: hosepipe-setup ## start the pipeline locally in the background (endpoint, nginx, agent)
	$(HOSEPIPE) up -d

hosepipe-down: ## stop everything hosepipe-up started
	$(HOSEPIPE) down

hosepipe-status: ## each stage and its counts
	$(HOSEPIPE) status

hosepipe-flush: ## deliver everything to the bucket now
	$(HOSEPIPE) flush

hosepipe-audit: ## every access-log line against the bucket; fails if one is missing
	$(HOSEPIPE) audit

hosepipe-e2e: hosepipe-setup ## run scenarios/*.scenario.yaml, each on a stack of its own
	$(HOSEPIPE) e2e

hosepipe-plan-aws: ## what deploy would change in your AWS account (exit 2 = changes)
	$(HOSEPIPE) plan --target aws

hosepipe-deploy-aws: ## create or update the pipeline in your AWS account (asks first)
	$(HOSEPIPE) deploy --target aws

.PHONY: hosepipe-setup hosepipe-up hosepipe-down hosepipe-status hosepipe-flush hosepipe-audit hosepipe-e2e hosepipe-plan-aws hosepipe-deploy-aws
`;
}

/** `.gitignore` with `.hosepipe/` (the local state folder) added, or undefined when it already ignores it. */
export function gitignoreWithState(current: string | undefined): string | undefined {
  const lines = (current ?? '').split('\n').map((line) => line.trim());
  if (lines.some((line) => ['.hosepipe', '.hosepipe/', '/.hosepipe', '/.hosepipe/'].includes(line))) return undefined;
  const text = current ?? '';
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}# hosepipe's local state (logs, bucket, stream, checkpoints)\n.hosepipe/\n`;
}
