import test from 'ava';
import {
  COMBINED_LOG_FORMAT,
  MAIN_LOG_FORMAT,
  TRANSFORM_ENV,
  TransformConfigError,
  readTransformConfig,
  transformEnvironment,
} from '../../lambda/index.js';

test('readTransformConfig defaults to combined, escape=default, UTC and no drop rules', (t) => {
  const config = readTransformConfig({});
  t.deepEqual(config.logFormat, { name: 'combined', format: COMBINED_LOG_FORMAT });
  t.is(config.parser.escape, 'default');
  t.is(config.timeZone, 'UTC');
  t.deepEqual(config.dropRules, []);
});

test('readTransformConfig treats empty variables as unset', (t) => {
  const config = readTransformConfig({ HOSEPIPE_LOG_FORMAT: '', HOSEPIPE_TIME_ZONE: '', HOSEPIPE_DROP_RULES: '' });
  t.is(config.logFormat.name, 'combined');
});

test('readTransformConfig reads a named format, a format string, the escape mode, zone and rules', (t) => {
  t.is(readTransformConfig({ HOSEPIPE_LOG_FORMAT: 'main' }).logFormat.format, MAIN_LOG_FORMAT);
  const config = readTransformConfig({
    HOSEPIPE_LOG_FORMAT: '$remote_addr "$request_uri" $status',
    HOSEPIPE_LOG_ESCAPE: 'json',
    HOSEPIPE_TIME_ZONE: 'Asia/Seoul',
    HOSEPIPE_DROP_RULES: '[{"field":"request_uri","equals":"/healthz"}]',
  });
  t.like(config, { timeZone: 'Asia/Seoul', logFormat: { name: 'custom' }, parser: { escape: 'json' } });
  t.true(config.shouldDrop({ request_uri: '/healthz' }));
});

const failsAtLoad = test.macro({
  exec(t, env: Record<string, string>, variable: string, problem: RegExp) {
    const error = t.throws(() => readTransformConfig(env), { instanceOf: TransformConfigError });
    t.is(error?.variable, variable);
    const value = env[variable] ?? '';
    t.is(error?.value, value);
    t.true(error?.message.startsWith(`${variable}=${JSON.stringify(value)}: `), error?.message);
    t.regex(error?.message ?? '', problem);
  },
  title: (provided = '', _env, variable: string) => `readTransformConfig names ${variable} when it holds ${provided}`,
});

test('an unknown format name', failsAtLoad, { HOSEPIPE_LOG_FORMAT: 'combind' }, TRANSFORM_ENV.logFormat, /expected "combined", "main"/);
test('a format that cannot be parsed', failsAtLoad, { HOSEPIPE_LOG_FORMAT: '$remote_addr$status' }, TRANSFORM_ENV.logFormat, /adjacent/);
test('an unknown escape mode', failsAtLoad, { HOSEPIPE_LOG_ESCAPE: 'html' }, TRANSFORM_ENV.escape, /default, json, none/);
test('an unknown time zone', failsAtLoad, { HOSEPIPE_TIME_ZONE: 'Mars/Olympus' }, TRANSFORM_ENV.timeZone, /IANA time zone/);
test('drop rules that are not JSON', failsAtLoad, { HOSEPIPE_DROP_RULES: '[{field:uri}]' }, TRANSFORM_ENV.dropRules, /not JSON/);
test('a drop rule on a field the format lacks', failsAtLoad, { HOSEPIPE_DROP_RULES: '[{"field":"host","equals":"x"}]' }, TRANSFORM_ENV.dropRules, /"host" is not produced/);

test('transformEnvironment writes the variables the function reads back to the same settings', (t) => {
  const env = transformEnvironment({ logFormat: 'main', timeZone: 'Asia/Seoul', dropRules: [{ field: 'uri', prefix: '/static/' }] });
  t.deepEqual(env, {
    HOSEPIPE_LOG_FORMAT: 'main',
    HOSEPIPE_LOG_ESCAPE: 'default',
    HOSEPIPE_TIME_ZONE: 'Asia/Seoul',
    HOSEPIPE_DROP_RULES: '[{"field":"uri","prefix":"/static/"}]',
  });
  const config = readTransformConfig(env);
  t.like(config, { timeZone: 'Asia/Seoul', logFormat: { name: 'main' } });
  t.deepEqual(config.dropRules, [{ field: 'uri', prefix: '/static/' }]);
});

test('transformEnvironment leaves out drop rules when there are none', (t) => {
  t.false(TRANSFORM_ENV.dropRules in transformEnvironment({ logFormat: 'combined', timeZone: 'UTC' }));
});

test('transformEnvironment refuses settings the function would refuse at load', (t) => {
  t.throws(() => transformEnvironment({ logFormat: 'combined', timeZone: 'Seoul' }), { instanceOf: TransformConfigError, message: /HOSEPIPE_TIME_ZONE="Seoul"/ });
});
