import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { createSourceRegistry, parseSource } from '../../../emulator-shims/admin/index.js';

const stateDir = realpathSync(mkdtempSync(join(tmpdir(), 'hosepipe-sources-')));
mkdirSync(join(stateDir, 'nginx', 'logs'), { recursive: true });

test('a source takes the default account and region and normalises its URLs', (t) => {
  const source = parseSource({ stream: 'weblogs', agentStatusUrl: 'http://localhost:9000/status', nginxUrl: 'http://127.0.0.1:8080', accessLog: join(stateDir, 'nginx', 'logs', 'access.log') }, stateDir, { region: 'eu-west-1' });
  t.deepEqual(source, {
    stream: 'weblogs', accountId: '000000000000', region: 'eu-west-1', agentStatusUrl: 'http://localhost:9000/status', nginxUrl: 'http://127.0.0.1:8080/',
    accessLog: join(stateDir, 'nginx', 'logs', 'access.log'),
  });
});

test('a refused source names each field that is wrong', (t) => {
  t.throws(() => parseSource({ stream: 'ok', agentStatusUrl: 'https://127.0.0.1/status' }, stateDir, { region: 'us-east-1' }), { message: /"agentStatusUrl" must be an http:\/\/ URL on 127\.0\.0\.1/ });
  t.throws(() => parseSource({ stream: 'ok', accessLog: stateDir }, stateDir, { region: 'us-east-1' }), { message: /"accessLog" must be a file inside/ });
  t.throws(() => parseSource({}, stateDir, { region: 'us-east-1' }), { message: /"stream" must be a Kinesis stream name/ });
});

test('the registry finds a source by account, region and stream; registering again replaces it', (t) => {
  const registry = createSourceRegistry();
  registry.register({ stream: 's', accountId: '000000000000', region: 'us-east-1', nginxUrl: 'http://127.0.0.1:1/' });
  registry.register({ stream: 's', accountId: '000000000000', region: 'us-east-1', nginxUrl: 'http://127.0.0.1:2/' });
  t.is(registry.find('000000000000', 'us-east-1', 's')?.nginxUrl, 'http://127.0.0.1:2/');
  t.is(registry.find('000000000000', 'eu-west-1', 's'), undefined);
  t.is(registry.clear(), 1);
});
