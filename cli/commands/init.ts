import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { gitignoreWithState, makefileSnippet, pipelineNameFor, starterConfig } from '../init-templates.js';
import { scenarioTemplate } from './scenario.js';

type Flags = Record<string, string | boolean>;

/**
 * `hosepipe init`: makes the current folder (the team's repository) a hosepipe project: a starter
 * hosepipe.yaml, scenarios/example.scenario.yaml, hosepipe.mk (Make targets), and `.hosepipe/` in .gitignore.
 * Files that exist are left alone unless --force.
 */
export async function init(flags: Flags): Promise<number> {
  const root = resolve(typeof flags.dir === 'string' ? flags.dir : '.');
  const force = flags.force === true;
  const report: string[] = [];
  const write = (path: string, text: string) => {
    const file = join(root, path);
    if (existsSync(file) && !force) {
      report.push(`kept ${path} (exists; --force overwrites it)`);
      return;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    report.push(`wrote ${path}`);
  };

  write('hosepipe.yaml', starterConfig(pipelineNameFor(projectName(root))));
  write(join('scenarios', 'example.scenario.yaml'), scenarioTemplate('example'));
  write('hosepipe.mk', makefileSnippet());

  const makefile = join(root, 'Makefile');
  if (!existsSync(makefile)) {
    writeFileSync(makefile, 'include hosepipe.mk\n');
    report.push('wrote Makefile (include hosepipe.mk)');
  } else if (!/^\s*-?include\s+.*hosepipe\.mk/m.test(readFileSync(makefile, 'utf8'))) {
    report.push('Makefile: add `include hosepipe.mk` to it for the hosepipe-* targets');
  }

  const gitignore = join(root, '.gitignore');
  const ignored = gitignoreWithState(existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : undefined);
  if (ignored === undefined) {
    report.push('.gitignore already ignores .hosepipe/');
  } else {
    writeFileSync(gitignore, ignored);
    report.push('added .hosepipe/ to .gitignore');
  }

  console.log(`${report.join('\n')}
next:
  npx hosepipe up -d                 # endpoint, nginx and the agent (nginx missing? make hosepipe-setup)
  curl http://127.0.0.1:8080/hello   # a request to nginx
  npx hosepipe e2e                   # the scenarios in scenarios/, each on a stack of its own
  npx hosepipe down`);
  return 0;
}

function projectName(root: string): string {
  try {
    const name = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '') return name;
  } catch {
    // No package.json, or not JSON: the folder's name will do.
  }
  return basename(root);
}
