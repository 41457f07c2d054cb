import test from 'ava';
import { parsePipelineConfig } from '../../provision/index.js';
import { endpointSettings } from '../../stack/index.js';

test("the endpoint's settings carry hosepipe.yaml's admin API, IAM, hosts, quotas and engines, whichever way hosepipe starts it", (t) => {
  const config = parsePipelineConfig({
    name: 'settings', region: 'eu-west-1', endpoint: { admin: false, allowedHosts: ['endpoint'] }, iam: { enforce: false },
    stream: { enforceQuotas: true }, engines: { s3: { url: 'http://127.0.0.1:4567' } },
  });
  t.deepEqual(endpointSettings(config), {
    region: 'eu-west-1', allowedHosts: ['endpoint'], kinesisQuotas: true, engines: { kinesis: undefined, s3: 'http://127.0.0.1:4567' },
    iam: { enforce: false }, admin: false,
  });
});

test("a caller's own admin choice (a stand-in for AWS) wins over endpoint.admin; unset settings stay unset for the endpoint's own defaults", (t) => {
  const config = parsePipelineConfig({ name: 'settings', endpoint: { admin: true } });
  t.false(endpointSettings(config, false).admin);
  const plain = endpointSettings(parsePipelineConfig({ name: 'settings' }));
  t.false('admin' in plain);
  t.false('iam' in plain);
});
