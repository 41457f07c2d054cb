import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init } from '../../cli/commands/init.js';
import { gitignoreWithState, pipelineNameFor } from '../../cli/init-templates.js';
import { parsePipelineConfig } from '../../provision/index.js';
import { loadScenario } from '../../scenarios/index.js';
import { parse as parseYaml } from 'yaml';

test('init writes a valid hosepipe.yaml named after the project, a loadable example scenario, hosepipe.mk and a Makefile', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-init-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@acme/Web_Logs' }));
  t.is(await init({ dir }), 0);
  const config = parsePipelineConfig(parseYaml(readFileSync(join(dir, 'hosepipe.yaml'), 'utf8')));
  t.is(config.name, 'web-logs');
  t.is(loadScenario(join(dir, 'scenarios', 'example.scenario.yaml')).steps.length > 0, true);
  t.regex(readFileSync(join(dir, 'hosepipe.mk'), 'utf8'), /^hosepipe-e2e: hosepipe-setup/m);
  t.is(readFileSync(join(dir, 'Makefile'), 'utf8'), 'include hosepipe.mk\n');
  t.regex(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\.hosepipe\/$/m);
});

test('init keeps files that exist, a Makefile of the team\'s own included, and adds .hosepipe/ to .gitignore once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-init-'));
  writeFileSync(join(dir, 'hosepipe.yaml'), 'name: mine\n');
  writeFileSync(join(dir, 'Makefile'), 'all:\n\techo hi\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules');
  await init({ dir });
  await init({ dir });
  t.is(readFileSync(join(dir, 'hosepipe.yaml'), 'utf8'), 'name: mine\n');
  t.is(readFileSync(join(dir, 'Makefile'), 'utf8'), 'all:\n\techo hi\n');
  t.is(readFileSync(join(dir, '.gitignore'), 'utf8'), "node_modules\n# hosepipe's local state (logs, bucket, stream, checkpoints)\n.hosepipe/\n");
  await init({ dir, force: true });
  t.regex(readFileSync(join(dir, 'hosepipe.yaml'), 'utf8'), /^name: /m);
  t.not(readFileSync(join(dir, 'hosepipe.yaml'), 'utf8'), 'name: mine\n');
});

test('a project name becomes a pipeline name hosepipe.yaml accepts, or weblogs', (t) => {
  t.is(pipelineNameFor('Team Repo!'), 'team-repo');
  t.is(pipelineNameFor('@scope/x'), 'weblogs');
  t.is(pipelineNameFor('a'.repeat(40)), 'a'.repeat(32));
  t.is(gitignoreWithState('/.hosepipe\n'), undefined);
});
