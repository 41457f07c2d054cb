import test from 'ava';
import { build, type Metafile } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../../stack/index.js';

// Every TypeScript module of the repository: the shipped folders, and the tests and benchmarks that import them.
const FOLDERS = ['agent', 'api', 'bench', 'cli', 'compose', 'emulator-shims', 'lambda', 'provision', 'scenarios', 'scripts', 'stack', 'test', 'web'];

function typescriptFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typescriptFiles(path);
    return /(?<!\.d)\.m?ts$/.test(entry.name) ? [path] : [];
  });
}

/** The import graph as esbuild resolves it (`.js` specifiers to their `.ts` files); packages stay outside. */
let graph: Promise<Map<string, string[]>> | undefined;
const importGraph = (): Promise<Map<string, string[]>> => {
  graph ??= (async () => {
    const entryPoints = FOLDERS.flatMap((folder) => typescriptFiles(join(PACKAGE_ROOT, folder)));
    const result = await build({ entryPoints, bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', outdir: '/tmp/hosepipe-import-graph', logLevel: 'silent', absWorkingDir: PACKAGE_ROOT });
    const metafile: Metafile = result.metafile;
    return new Map(Object.entries(metafile.inputs).map(([file, input]) => [file, input.imports.filter((edge) => !edge.external).map((edge) => edge.path)]));
  })();
  return graph;
};

/** Strongly connected groups of more than one node (or a node importing itself): Tarjan's algorithm. */
function circles(arrows: Map<string, Iterable<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of arrows.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || [...(arrows.get(node) ?? [])].includes(node)) found.push(group.sort());
  };
  for (const node of arrows.keys()) if (!index.has(node)) visit(node);
  return found;
}

test('no module imports itself through other modules, anywhere in the tree', async (t) => {
  const modules = await importGraph();
  t.true(modules.size > 500, `only ${modules.size} modules were read: the build missed the tree`);
  t.deepEqual(circles(modules), []);
});

test('no top-level folder imports a folder that imports it back: cli → scenarios → stack, never back', async (t) => {
  const modules = await importGraph();
  const folderOf = (path: string): string => relative(PACKAGE_ROOT, join(PACKAGE_ROOT, path)).split('/')[0]!;
  const folders = new Map<string, Set<string>>();
  for (const [from, tos] of modules) {
    const source = folderOf(from);
    // Tests and benchmarks import every folder and nothing imports them.
    if (source === 'test' || source === 'bench') continue;
    for (const to of tos) {
      const target = folderOf(to);
      if (target === source) continue;
      if (!folders.has(source)) folders.set(source, new Set());
      folders.get(source)!.add(target);
    }
  }
  t.true(folders.get('cli')?.has('stack') ?? false, 'cli/ imports stack/ (the build saw the folders)');
  t.true(folders.get('scenarios')?.has('stack') ?? false, 'scenarios/ imports stack/');
  t.deepEqual(circles(folders), []);
});

test('the circle finder finds a circle of three files and a file importing itself', (t) => {
  t.deepEqual(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]])), [['a', 'b', 'c']]);
  t.deepEqual(circles(new Map([['a', ['a']], ['b', []]])), [['a']]);
  t.deepEqual(circles(new Map([['a', ['b']], ['b', []]])), []);
});
