import test from 'ava';
import { renderNginxConfig } from '../../stack/index.js';

const base = { prefix: '/p', port: 8123, accessLog: '/p/logs/access.log', errorLog: '/p/logs/error.log' };

test('nginx listens on 127.0.0.1 only', (t) => {
  const config = renderNginxConfig({ ...base, logFormat: '$remote_addr', escape: 'default' });
  t.regex(config, /listen 127\.0\.0\.1:8123;/);
  t.notRegex(config, /listen (?!127\.0\.0\.1)/);
});

test('the log format is written verbatim, quotes and backslashes escaped for nginx', (t) => {
  const config = renderNginxConfig({ ...base, logFormat: `$remote_addr "$request" it's \\ok`, escape: 'default' });
  t.true(config.includes(`log_format hosepipe '$remote_addr "$request" it\\'s \\\\ok';`));
});

test('a json escape mode is declared on the log_format', (t) => {
  t.regex(renderNginxConfig({ ...base, logFormat: '{"a":"$remote_addr"}', escape: 'json' }), /log_format hosepipe escape=json '/);
});

test('workers run as the given user, so they can reopen logs after a rotation', (t) => {
  t.regex(renderNginxConfig({ ...base, logFormat: '$remote_addr', escape: 'default', workerUser: 'root' }), /^user root;$/m);
  t.notRegex(renderNginxConfig({ ...base, logFormat: '$remote_addr', escape: 'default' }), /^user /m);
});
