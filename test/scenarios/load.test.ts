import test from 'ava';
import { formatLoadTable, summarizeLoad } from '../../scenarios/load-report.js';
import { generateTraffic } from '../../scenarios/load-traffic.js';

test('generateTraffic mixes normal requests, scanner probes and garbage, the same for the same seed', (t) => {
  const items = generateTraffic(2000, 'r1');
  t.deepEqual(items, generateTraffic(2000, 'r1'));
  const share = (pattern: string) => items.filter((item) => item.pattern === pattern).length / items.length;
  t.true(share('normal') > 0.85 && share('scanner') > 0.04 && share('garbage') > 0.005);
  t.true(items.every((item) => (item.raw ? item.raw.includes(item.tag) : item.path.includes(`hl=${item.tag}`))));
});

test('summarizeLoad groups by pattern, status class and parse outcome and counts what arrived', (t) => {
  const lines = ['GET /a?hl=r1-0 200', 'GET /b?hl=r1-1 404', 'junk r1-2'];
  const predict = (values: string[]) => values.map((line) => (line.startsWith('GET') ? { kind: 'ok' as const, json: `{"l":"${line}"}` } : { kind: 'failed' as const }));
  const rows = summarizeLoad(
    [{ pattern: 'normal', tag: 'r1-0', status: 200 }, { pattern: 'normal', tag: 'r1-1', status: 404 }, { pattern: 'garbage', tag: 'r1-2', status: 400 }, { pattern: 'normal', tag: 'r1-3', status: 200 }],
    lines, predict, ['{"l":"GET /a?hl=r1-0 200"}'], ['junk r1-2'],
  );
  t.deepEqual(rows.map(({ pattern, statusClass, outcome, sent, delivered, failed }) => [pattern, statusClass, outcome, sent, delivered, failed]), [
    ['garbage', '4xx', 'unparseable', 1, 0, 1],
    ['normal', '2xx', 'not logged', 1, 0, 0],
    ['normal', '2xx', 'parsed', 1, 1, 0],
    ['normal', '4xx', 'parsed', 1, 0, 0],
  ]);
  t.regex(formatLoadTable(rows), /^total\s+4\s+1\s+1\s+75\.0%$/m);
});
