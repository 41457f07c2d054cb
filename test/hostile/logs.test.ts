import test from 'ava';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { jsonCall, startHostileEdge, type HostileEdge, type RawAnswer } from './harness.js';

const DAY = 86_400_000;

async function call(hostile: HostileEdge, operation: string, body: unknown, region = 'us-east-1'): Promise<RawAnswer> {
  return hostile.send({ method: 'POST', path: '/', headers: jsonCall('logs', `Logs_20140328.${operation}`, region), body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) });
}

async function groupWithStream(hostile: HostileEdge, group = 'g', stream = 's'): Promise<void> {
  for (const [operation, body] of [['CreateLogGroup', { logGroupName: group }], ['CreateLogStream', { logGroupName: group, logStreamName: stream }]] as const) {
    const answer = await call(hostile, operation, body);
    if (answer.status !== 200) throw new Error(`${operation}: ${answer.text}`);
  }
}

async function messages(hostile: HostileEdge, group = 'g', extra: Record<string, unknown> = {}): Promise<string[]> {
  const answer = await call(hostile, 'FilterLogEvents', { logGroupName: group, ...extra });
  if (answer.status !== 200) throw new Error(`FilterLogEvents answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return (JSON.parse(answer.text) as { events: { message: string }[] }).events.map((event) => event.message);
}

const badEvents: [string, unknown, string][] = [
  ['a message that is a number', [{ timestamp: Date.now(), message: 123 }], 'SerializationException'],
  ['a message that is an object', [{ timestamp: Date.now(), message: { text: 'x' } }], 'SerializationException'],
  ['a message that is null', [{ timestamp: Date.now(), message: null }], 'InvalidParameterException'],
  ['an empty message', [{ timestamp: Date.now(), message: '' }], 'InvalidParameterException'],
  ['no timestamp', [{ message: 'x' }], 'InvalidParameterException'],
  ['a timestamp that is a string', [{ timestamp: 'now', message: 'x' }], 'SerializationException'],
  ['a negative timestamp', [{ timestamp: -1, message: 'x' }], 'InvalidParameterException'],
  ['a null event', [null], 'InvalidParameterException'],
  ['an event that is a string', ['x'], 'SerializationException'],
  ['logEvents as a string', 'x', 'SerializationException'],
  ['no events', [], 'InvalidParameterException'],
  ['10,001 events', Array.from({ length: 10_001 }, () => ({ timestamp: Date.now(), message: 'x' })), 'InvalidParameterException'],
];

for (const [title, logEvents, code] of badEvents) {
  test(`PutLogEvents with ${title} answers 400 ${code}, stores nothing, and FilterLogEvents still answers`, async (t) => {
    const hostile = await startHostileEdge(t);
    await groupWithStream(hostile);
    const answer = await call(hostile, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents });
    t.is(answer.status, 400, answer.text.slice(0, 300));
    t.is(answer.code, code, answer.text.slice(0, 300));
    t.deepEqual(await messages(hostile), []);
    await hostile.assertUnharmed(t);
  });
}

test('an event of 256 KiB with its 26 bytes is accepted; one byte more is "Log event too large"', async (t) => {
  const hostile = await startHostileEdge(t);
  await groupWithStream(hostile);
  const fits = 'a'.repeat(262_144 - 26);
  t.is((await call(hostile, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: fits }] })).status, 200);
  const over = await call(hostile, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: `${fits}é` }] });
  t.is(over.status, 400);
  t.is(over.code, 'InvalidParameterException');
  t.regex(over.text, /Log event too large: 262146 bytes exceeds limit of 262144/);
  t.deepEqual((await messages(hostile)).map((message) => message.length), [fits.length]);
  await hostile.assertUnharmed(t);
});

test('a batch over 1,048,576 bytes counting 26 per event is "Upload too large"', async (t) => {
  const hostile = await startHostileEdge(t);
  await groupWithStream(hostile);
  const now = Date.now();
  const logEvents = Array.from({ length: 5 }, (_, index) => ({ timestamp: now + index, message: 'b'.repeat(209_715) }));
  const answer = await call(hostile, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents });
  t.is(answer.status, 400);
  t.regex(answer.text, /Upload too large: 1048705 bytes exceeds limit of 1048576/);
  t.deepEqual(await messages(hostile), []);
  await hostile.assertUnharmed(t);
});

test('a batch spanning more than 24 hours, or out of order, is refused whole', async (t) => {
  const hostile = await startHostileEdge(t);
  await groupWithStream(hostile);
  const now = Date.now();
  const span = await call(hostile, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: now - DAY - 1, message: 'a' }, { timestamp: now, message: 'b' }] });
  t.is(span.status, 400);
  t.regex(span.text, /cannot span more than 24 hours/);
  const order = await call(hostile, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: now, message: 'a' }, { timestamp: now - 1, message: 'b' }] });
  t.is(order.status, 400);
  t.regex(order.text, /chronological order/);
  t.deepEqual(await messages(hostile), []);
  await hostile.assertUnharmed(t);
});

test('events older than 14 days, older than the retention, or over 2 hours ahead are rejected by index and not stored', async (t) => {
  const hostile = await startHostileEdge(t);
  await groupWithStream(hostile);
  t.is((await call(hostile, 'PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 7 })).status, 200);
  const now = Date.now();
  const logEvents = [
    { timestamp: now - 15 * DAY, message: 'too old' },
    { timestamp: now - 8 * DAY, message: 'expired' },
    { timestamp: now - 1000, message: 'kept' },
    { timestamp: now + 3 * 3_600_000, message: 'too new' },
  ];
  const answer = await call(hostile, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents });
  t.is(answer.status, 200, answer.text);
  t.deepEqual(JSON.parse(answer.text).rejectedLogEventsInfo, { tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 2, tooNewLogEventStartIndex: 3 });
  t.deepEqual(await messages(hostile), ['kept']);
  await hostile.assertUnharmed(t);
});

test('retention is honoured for events already stored: reads skip them and their files go', async (t) => {
  const hostile = await startHostileEdge(t);
  await groupWithStream(hostile);
  const now = Date.now();
  await call(hostile, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: now - 10 * DAY, message: 'ten days old' }] });
  t.deepEqual(await messages(hostile), ['ten days old']);
  t.is((await call(hostile, 'PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 7 })).status, 200);
  t.deepEqual(await messages(hostile), []);
  const get = await call(hostile, 'GetLogEvents', { logGroupName: 'g', logStreamName: 's', startFromHead: true });
  t.deepEqual(JSON.parse(get.text).events, []);
  const streamFolder = join(hostile.stateDir, 'cloudwatch-logs', '000000000000', 'us-east-1', 'g', 'streams', 's');
  t.deepEqual(readdirSync(streamFolder).filter((name) => name.endsWith('.jsonl')), []);
  await hostile.assertUnharmed(t);
});

const badNames: [string, string, Record<string, unknown>, string][] = [
  ['a log group name with a space', 'CreateLogGroup', { logGroupName: 'a b' }, 'InvalidParameterException'],
  ['a log group name of 513 characters', 'CreateLogGroup', { logGroupName: 'a'.repeat(513) }, 'InvalidParameterException'],
  ['an empty log group name', 'CreateLogGroup', { logGroupName: '' }, 'InvalidParameterException'],
  ['a log group name starting aws/', 'CreateLogGroup', { logGroupName: 'aws/reserved' }, 'InvalidParameterException'],
  ['a log group name that is a number', 'CreateLogGroup', { logGroupName: 5 }, 'SerializationException'],
  ['a log stream name with a colon', 'CreateLogStream', { logGroupName: 'g', logStreamName: 'a:b' }, 'InvalidParameterException'],
  ['a log stream name with a star', 'CreateLogStream', { logGroupName: 'g', logStreamName: '*' }, 'InvalidParameterException'],
  ['a log stream name of 513 characters', 'CreateLogStream', { logGroupName: 'g', logStreamName: 'x'.repeat(513) }, 'InvalidParameterException'],
  ['a tag key that is empty', 'CreateLogGroup', { logGroupName: 'tagged', tags: { '': 'v' } }, 'InvalidParameterException'],
  ['a tag value that is a number', 'CreateLogGroup', { logGroupName: 'tagged', tags: { k: 1 } }, 'SerializationException'],
  ['51 tags', 'CreateLogGroup', { logGroupName: 'tagged', tags: Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`k${index}`, 'v'])) }, 'InvalidParameterException'],
  ['a retention that is a string', 'PutRetentionPolicy', { logGroupName: 'g', retentionInDays: '7' }, 'SerializationException'],
  ['a paging token it did not hand out', 'DescribeLogGroups', { nextToken: 'eyJ4IjoxfQ' }, 'InvalidParameterException'],
  ['a GetLogEvents token it did not hand out', 'GetLogEvents', { logGroupName: 'g', logStreamName: 's', nextToken: 'f/../../x' }, 'InvalidParameterException'],
  ['a FilterLogEvents token that is not base64 JSON', 'FilterLogEvents', { logGroupName: 'g', nextToken: '%%%' }, 'InvalidParameterException'],
  ['a limit of 0', 'GetLogEvents', { logGroupName: 'g', logStreamName: 's', limit: 0 }, 'InvalidParameterException'],
  ['a JSON filter pattern', 'FilterLogEvents', { logGroupName: 'g', filterPattern: '{ $.level = "error" }' }, 'InvalidParameterException'],
];

for (const [title, operation, body, code] of badNames) {
  test(`${operation} with ${title} answers 400 ${code}`, async (t) => {
    const hostile = await startHostileEdge(t);
    await groupWithStream(hostile);
    const answer = await call(hostile, operation, body);
    t.is(answer.status, 400, answer.text.slice(0, 300));
    t.is(answer.code, code, answer.text.slice(0, 300));
    await hostile.assertUnharmed(t);
  });
}

const climbingNames = ['../../../pwned', '..', '.', '/', '#', 'é'.repeat(300), '../'.repeat(170)];

for (const name of climbingNames) {
  test(`a log group and a log stream named ${JSON.stringify(name.slice(0, 20))} stay inside the state folder and read back after a restart`, async (t) => {
    const hostile = await startHostileEdge(t);
    const groupName = /^[.\-_/#A-Za-z0-9]+$/.test(name) ? name : 'plain';
    await groupWithStream(hostile, groupName, name.slice(0, 512));
    const put = await call(hostile, 'PutLogEvents', { logGroupName: groupName, logStreamName: name.slice(0, 512), logEvents: [{ timestamp: Date.now(), message: 'inside' }] });
    t.is(put.status, 200, put.text);
    await hostile.restart();
    t.deepEqual(await messages(hostile, groupName), ['inside']);
    await hostile.assertUnharmed(t);
  });
}

test('a request body of JSON that is not an object, or over 8 MiB, answers 4xx', async (t) => {
  const hostile = await startHostileEdge(t);
  for (const body of ['[]', 'null', '"x"', '{', '\u0000']) {
    const answer = await call(hostile, 'DescribeLogGroups', body);
    t.is(answer.status, 400, body);
    t.is(answer.code, 'SerializationException', body);
  }
  const large = await call(hostile, 'PutLogEvents', Buffer.alloc(9 * 1024 * 1024, 0x20));
  t.is(large.status, 413);
  await hostile.assertUnharmed(t);
});

/** A sparse file of `bytes` bytes (zeros), cheap to make however large. */
function sparseFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

test('an old single-file store of 600 MiB neither stops the endpoint starting nor comes back at the next start', async (t) => {
  const hostile = await startHostileEdge(t, {}, (stateDir) => {
    mkdirSync(join(stateDir, 'cloudwatch-logs'), { recursive: true });
    sparseFile(join(stateDir, 'cloudwatch-logs', 'groups.json'), 600 * 1024 * 1024);
  });
  t.is(JSON.parse((await hostile.send({ path: '/_hosepipe/health' })).text).services.logs, 'running');
  t.false(existsSync(join(hostile.stateDir, 'cloudwatch-logs', 'groups.json')));
  t.true(existsSync(join(hostile.stateDir, 'cloudwatch-logs', 'groups.json.too-large')));
  await groupWithStream(hostile);
  await hostile.restart();
  t.is((await call(hostile, 'DescribeLogGroups', {})).status, 200);
  await hostile.assertUnharmed(t);
});

test('an old single-file store is imported into the default account and region', async (t) => {
  const legacy = [{ name: '/aws/lambda/old', creationTime: 1, retentionInDays: 14, tags: { a: 'b' }, streams: { s: { name: 's', creationTime: 1, events: [{ timestamp: Date.now() - 1000, message: 'from before', ingestionTime: Date.now() }, { timestamp: 1, message: 123 }] } } }];
  const hostile = await startHostileEdge(t, {}, (stateDir) => {
    mkdirSync(join(stateDir, 'cloudwatch-logs'), { recursive: true });
    writeFileSync(join(stateDir, 'cloudwatch-logs', 'groups.json'), JSON.stringify(legacy));
  });
  t.deepEqual(await messages(hostile, '/aws/lambda/old'), ['from before']);
  t.true(existsSync(join(hostile.stateDir, 'cloudwatch-logs', 'groups.json.imported')));
  await hostile.assertUnharmed(t);
});

test('a segment file of 600 MiB of junk and lines that are not events are read past: GetLogEvents and FilterLogEvents answer 200', async (t) => {
  const hostile = await startHostileEdge(t);
  await groupWithStream(hostile);
  await call(hostile, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'real' }] });
  await hostile.edge.close();
  const folder = join(hostile.stateDir, 'cloudwatch-logs', '000000000000', 'us-east-1', 'g', 'streams', 's');
  writeFileSync(join(folder, '000000000001.jsonl'), `{"t":1,"i":1,"m":123}\nnot json\n${JSON.stringify({ t: Date.now(), i: Date.now(), m: 'kept' })}\n`, { flag: 'a' });
  sparseFile(join(folder, '000000000002.jsonl'), 600 * 1024 * 1024);
  writeFileSync(join(folder, 'stream.json'), '{"name": "s", "id": 1, "creationTime": 1, "segments": "broken"}');
  await hostile.restart();
  let token: string | undefined;
  const found: string[] = [];
  for (let page = 0; page < 20; page += 1) {
    const answer = await call(hostile, 'FilterLogEvents', { logGroupName: 'g', ...(token ? { nextToken: token } : {}) });
    t.is(answer.status, 200, answer.text.slice(0, 300));
    const body = JSON.parse(answer.text) as { events: { message: string }[]; nextToken?: string };
    found.push(...body.events.map((event) => event.message));
    token = body.nextToken;
    if (!token) break;
  }
  t.is(token, undefined, 'paging ends');
  t.deepEqual(found, ['real', 'kept']);
  const tail = await call(hostile, 'GetLogEvents', { logGroupName: 'g', logStreamName: 's' });
  t.is(tail.status, 200);
  await hostile.assertUnharmed(t);
});

test('past its byte budget the store drops its oldest segments and stays within it', async (t) => {
  const hostile = await startHostileEdge(t, { logs: { maxStoredBytes: 2 * 1024 * 1024, segmentBytes: 256 * 1024 } });
  await groupWithStream(hostile);
  for (let batch = 0; batch < 12; batch += 1) {
    const now = Date.now();
    const logEvents = Array.from({ length: 4 }, (_, index) => ({ timestamp: now + index, message: `${batch}:${'z'.repeat(100_000)}` }));
    t.is((await call(hostile, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents })).status, 200);
  }
  await messages(hostile);
  const folder = join(hostile.stateDir, 'cloudwatch-logs', '000000000000', 'us-east-1', 'g', 'streams', 's');
  const stored = readdirSync(folder).filter((name) => name.endsWith('.jsonl')).reduce((sum, name) => sum + statSync(join(folder, name)).size, 0);
  t.true(stored <= 2 * 1024 * 1024, `${stored} bytes stored`);
  const kept = await messages(hostile);
  t.true(kept.length > 0 && kept.every((message) => !message.startsWith('0:')), 'the oldest events went first');
  await hostile.assertUnharmed(t);
});

test('log groups past the store\'s limit are refused with LimitExceededException', async (t) => {
  const hostile = await startHostileEdge(t, { logs: { maxGroups: 2 } });
  for (const name of ['a', 'b']) t.is((await call(hostile, 'CreateLogGroup', { logGroupName: name })).status, 200);
  const third = await call(hostile, 'CreateLogGroup', { logGroupName: 'c' });
  t.is(third.status, 400);
  t.is(third.code, 'LimitExceededException');
  await hostile.assertUnharmed(t);
});

test('log groups live per account and region: a group in eu-west-1 has an eu-west-1 ARN and is not found from us-east-1', async (t) => {
  const hostile = await startHostileEdge(t);
  t.is((await call(hostile, 'CreateLogGroup', { logGroupName: 'regional' }, 'eu-west-1')).status, 200);
  const described = JSON.parse((await call(hostile, 'DescribeLogGroups', {}, 'eu-west-1')).text) as { logGroups: { logGroupArn: string }[] };
  t.deepEqual(described.logGroups.map((group) => group.logGroupArn), ['arn:aws:logs:eu-west-1:000000000000:log-group:regional']);
  t.deepEqual(JSON.parse((await call(hostile, 'DescribeLogGroups', {})).text).logGroups, []);
  const elsewhere = await call(hostile, 'CreateLogStream', { logGroupName: 'regional', logStreamName: 's' });
  t.is(elsewhere.code, 'ResourceNotFoundException');
  await hostile.assertUnharmed(t);
});
