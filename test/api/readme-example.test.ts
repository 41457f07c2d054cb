import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../stack/index.js';

const run = promisify(execFile);
const SECTION = '## Tests in your own test runner';

/** Pure: the first ```ts block after `heading` in a Markdown text. */
function codeBlockAfter(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "${heading}" section`);
  const block = /\n```ts\n([\s\S]*?)\n```\n/.exec(markdown.slice(start));
  if (!block) throw new Error(`README.md's "${heading}" section has no ts code block`);
  return `${block[1]}\n`;
}

// The README's example as written, only 'hosepipe' pointed at this checkout's entry file, run by node's own runner.
test('the README\'s startPipeline example passes under node --test from the repository folder', async (t) => {
  const example = codeBlockAfter(readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8'), SECTION);
  t.regex(example, /^import \{ startPipeline \} from 'hosepipe';$/m);
  t.regex(example, /await using pipeline = await startPipeline\(/);
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-readme-example-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'readme-example.test.mts');
  writeFileSync(file, example.replace("from 'hosepipe';", `from '${pathToFileURL(join(PACKAGE_ROOT, 'api', 'index.ts')).href}';`));

  const result = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'tap', file], { cwd: PACKAGE_ROOT, maxBuffer: 16 * 1024 * 1024 })
    .catch((error: { code: number; stdout: string; stderr: string }) => error);
  t.is('code' in result ? result.code : 0, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /^ok 1 - a request to nginx lands in the bucket as a JSON record$/m);
  t.regex(result.stdout, /^# pass 1$/m);
  t.regex(result.stdout, /^# fail 0$/m);
});
