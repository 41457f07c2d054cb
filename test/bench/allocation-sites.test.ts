import test from 'ava';
import { allocationSites, type HeapProfileNode } from '../../bench/profile.js';

const node = (functionName: string, url: string, lineNumber: number, selfSize: number, children: HeapProfileNode[] = []): HeapProfileNode => ({
  callFrame: { functionName, url, lineNumber },
  selfSize,
  children,
});

test('allocation sites sum a function\'s bytes over every call path and rank the places by bytes', (t) => {
  const profile = {
    head: node('(root)', '', -1, 0, [
      node('handle', 'file:///dist/chunk-A.js', 9, 100, [node('decode', 'file:///dist/chunk-A.js', 40, 300)]),
      node('pump', 'file:///dist/chunk-A.js', 70, 0, [node('decode', 'file:///dist/chunk-A.js', 40, 200)]),
    ]),
  };
  const { totalBytes, sites } = allocationSites(profile, 5);
  t.is(totalBytes, 600);
  t.deepEqual(sites, [
    { name: 'decode', place: 'chunk-A.js:41', bytes: 500 },
    { name: 'handle', place: 'chunk-A.js:10', bytes: 100 },
  ]);
});

test('allocation sites name Node\'s own and native allocations by the nearest caller outside Node, each caller apart', (t) => {
  const profile = {
    head: node('(root)', '', -1, 0, [
      node('scan', 'file:///dist/chunk-B.js', 11, 0, [node('toString', 'node:buffer', 832, 0, [node('slice', 'node:buffer', 660, 64)])]),
      node('decodeBody', 'file:///dist/chunk-B.js', 3, 0, [node('slice', 'node:buffer', 660, 32)]),
      node('(program)', '', -1, 8),
    ]),
  };
  const { totalBytes, sites } = allocationSites(profile, 1);
  t.is(totalBytes, 104);
  t.deepEqual(sites, [{ name: 'slice ← scan', place: 'chunk-B.js:12', bytes: 64 }]);
  t.deepEqual(allocationSites(profile, 3).sites.map((site) => site.name), ['slice ← scan', 'slice ← decodeBody', '(program)']);
});
