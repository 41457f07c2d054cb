import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSources } from '../../provision/index.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/terraform-team/', import.meta.url));
const TEAM_FUNCTION = fileURLToPath(new URL('../fixtures/team-python-transform/', import.meta.url));

/** test/fixtures/terraform-team's names with the default `name` variable, in its provider's region. */
export const TEAM = {
  region: 'eu-west-1',
  stream: 'team-tf-access-logs',
  deliveryStream: 'team-tf-to-s3',
  bucket: 'team-tf-logs-000000000000',
  functionName: 'team-tf-parse',
  roles: ['team-tf-parse', 'team-tf-firehose'],
  parsed: 'team/parsed/',
  delivered: 'kinesis/firehose/migration/',
  errors: 'kinesis/firehose/errors/',
} as const;

/** A copy of the team's Terraform root in `work`/root with the team's Python function zipped beside it (transform.zip). */
export async function teamRoot(work: string): Promise<string> {
  const dir = join(work, 'root');
  await cp(FIXTURE, dir, { recursive: true });
  await writeFile(join(dir, 'transform.zip'), zipSources(join(TEAM_FUNCTION, 'lambda_function.py')));
  return dir;
}
