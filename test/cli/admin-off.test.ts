import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { createEdgeServer } from '../../emulator-shims/index.js';
import { AdminApiError, AdminApiOffError, adminJson, flushFirehose } from '../../stack/index.js';
import { collect } from '../fixtures/processes.js';
import { runStateFor } from '../fixtures/run-state.js';

const BIN = `${PACKAGE_ROOT}/cli/bin.js`;

/** An endpoint with its admin API off, as `endpoint.admin: false` or HOSEPIPE_ADMIN=off starts it, and a state folder whose run state points at it. */
async function adminlessEndpoint(t: import('ava').ExecutionContext) {
  const work = mkdtempSync(join(tmpdir(), 'hosepipe-admin-off-'));
  const edge = await createEdgeServer({ port: 0, stateDir: join(work, 'endpoint'), admin: false });
  t.teardown(async () => {
    await edge.close();
    rmSync(work, { recursive: true, force: true });
  });
  return { edge, state: runStateFor(work, edge.url) };
}

const NAMES_THE_SETTING = /needs hosepipe's admin API, and the endpoint at http:\/\/127\.0\.0\.1:\d+ does not serve it \(.*MissingAuthenticationToken, as AWS does\): it runs with the admin API off \(endpoint\.admin: false in hosepipe\.yaml, or HOSEPIPE_ADMIN=off\)/;

for (const command of ['status', 'flush', 'top']) {
  test(`hosepipe ${command} against an endpoint with its admin API off exits 1 with one line naming the setting, not a JSON parse error`, async (t) => {
    const { state } = await adminlessEndpoint(t);
    const { code, out, err } = await collect(process.execPath, [BIN, command, '--state', state], PACKAGE_ROOT);
    t.is(code, 1, `${out}\n${err}`);
    t.regex(err, NAMES_THE_SETTING);
    t.regex(err, new RegExp(`^hosepipe: ${command === 'flush' ? 'flushing delivery stream logs' : `hosepipe ${command}`} needs`, 'm'));
    t.notRegex(err, /SyntaxError|Unexpected token|JSON/);
  });
}

test('adminJson and flushFirehose throw AdminApiOffError on an endpoint with its admin API off', async (t) => {
  const { edge } = await adminlessEndpoint(t);
  await t.throwsAsync(adminJson(edge.url, '/_hosepipe/health', { purpose: 'reading health' }), { instanceOf: AdminApiOffError, message: /^reading health needs hosepipe's admin API/ });
  await t.throwsAsync(flushFirehose(edge.url, 'logs'), { instanceOf: AdminApiOffError, message: /^flushing delivery stream logs needs/ });
});

test('adminJson on an endpoint with its admin API on returns the JSON, and an admin error answer is an AdminApiError carrying its message', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'hosepipe-admin-on-'));
  const edge = await createEdgeServer({ port: 0, stateDir: work });
  t.teardown(async () => {
    await edge.close();
    rmSync(work, { recursive: true, force: true });
  });
  const health = await adminJson<{ services?: Record<string, string> }>(edge.url, '/_hosepipe/health', { purpose: 'reading health' });
  t.is(typeof health.services, 'object');
  const error = await t.throwsAsync(flushFirehose(edge.url, 'no-such-stream'), { instanceOf: AdminApiError });
  t.regex(error!.message, /^flushing delivery stream no-such-stream: POST \/_hosepipe\/firehose\/no-such-stream\/flush answered HTTP 4\d\d: .*no-such-stream/);
});
