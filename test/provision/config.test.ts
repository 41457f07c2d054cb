import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadPipelineConfig, parsePipelineConfig } from '../../provision/index.js';

test('the defaults reproduce the original pipeline layout', (t) => {
  const config = parsePipelineConfig({ name: 'weblogs' });
  t.is(config.firehose.prefix, 'kinesis/firehose/migration/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/');
  t.is(config.firehose.errorOutputPrefix, 'kinesis/firehose/origin/error/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/');
  t.is(config.firehose.backupPrefix, 'kinesis/firehose/origin/raw/!{timestamp:yyyy/MM/dd/HH}/');
  t.is(config.transform.timeZone, 'Asia/Seoul');
  t.is(config.nginx.listen, '127.0.0.1:8080');
  t.is(config.endpoint.port, 4566);
});

test('the repository hosepipe.yaml is valid', (t) => {
  const config = loadPipelineConfig(join(import.meta.dirname, '..', '..', 'hosepipe.yaml'));
  t.is(config.name, 'weblogs');
});

const rejects = test.macro({
  exec(t, document: unknown, expected: RegExp) {
    const error = t.throws(() => parsePipelineConfig(document, 'x.yaml'), { instanceOf: ConfigError });
    t.regex(error?.message ?? '', expected);
  },
  title: (provided = '', _document, expected: RegExp) => `an invalid ${provided} fails naming the field (${expected.source})`,
});

test('buffer size', rejects, { name: 'abc', firehose: { buffering: { sizeMB: 500 } } }, /^x\.yaml: firehose\.buffering\.sizeMB: .*128.*\(got 500\)/);
test('listen address', rejects, { name: 'abc', nginx: { listen: '0.0.0.0:80' } }, /nginx\.listen: must be 127\.0\.0\.1:<port>.*\(got "0\.0\.0\.0:80"\)/);
test('time zone', rejects, { name: 'abc', transform: { timeZone: 'Mars/Olympus' } }, /transform\.timeZone: must be an IANA time zone.*"Mars\/Olympus"/);
test('log format', rejects, { name: 'abc', nginx: { logFormat: 'combinedd' } }, /nginx\.logFormat: must be combined, main, or a log_format string/);
test('unknown key', rejects, { name: 'abc', firehose: { bufering: {} } }, /firehose: Unrecognized key.*bufering/);
test('pipeline name', rejects, { name: 'Web_Logs' }, /name: must be 3-32 lowercase/);
test('allowed host', rejects, { name: 'abc', endpoint: { allowedHosts: ['evil.example/x'] } }, /endpoint\.allowedHosts\.0: must be a lower-case host name.*"evil\.example\/x"/);

test('endpoint.allowedHosts lists the host names served besides the loopback ones, none by default', (t) => {
  t.deepEqual(parsePipelineConfig({ name: 'abc' }).endpoint.allowedHosts, []);
  t.deepEqual(parsePipelineConfig({ name: 'abc', endpoint: { allowedHosts: ['endpoint'] } }).endpoint.allowedHosts, ['endpoint']);
});
test('compression', rejects, { name: 'abc', firehose: { compression: 'gzip' } }, /firehose\.compression/);
test('external engine URL', rejects, { name: 'abc', engines: { kinesis: { url: 'localstack:4566' } } }, /engines\.kinesis\.url: must be an http\(s\) URL.*\(got "localstack:4566"\)/);

test('a missing file is a ConfigError naming the file', (t) => {
  const error = t.throws(() => loadPipelineConfig('/nonexistent/hosepipe.yaml'), { instanceOf: ConfigError });
  t.regex(error?.message ?? '', /^\/nonexistent\/hosepipe\.yaml: cannot read the file \(ENOENT\)/);
});

test('broken YAML is a ConfigError naming the file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-config-'));
  const file = join(dir, 'hosepipe.yaml');
  writeFileSync(file, 'name: [unclosed\n');
  const error = t.throws(() => loadPipelineConfig(file), { instanceOf: ConfigError });
  t.regex(error?.message ?? '', /not valid YAML/);
});
