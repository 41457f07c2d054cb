import type { ExecutionContext } from 'ava';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyRules {
  /** Answer the whole call with this status and AWS error instead of forwarding (consulted per PutRecords call, 1-based). */
  failCall?: (call: number) => { status: number; type: string } | 'reset' | undefined;
  /** True to answer this entry with ProvisionedThroughputExceededException instead of forwarding it. */
  throttleEntry?: (line: string, timesSeen: number) => boolean;
}

export interface ThrottlingProxy {
  endpoint: string;
  /** How many times each line reached the proxy inside a PutRecords call. */
  seen: Map<string, number>;
  calls: number;
}

/**
 * A real HTTP server in front of a Kinesis endpoint (without quotas, it never throttles) that rewrites PutRecords:
 * chosen entries are held back and answered as ProvisionedThroughputExceededException, the rest
 * are forwarded and the answers merged back in request order, as Kinesis reports partial failures.
 */
export async function startThrottlingProxy(t: ExecutionContext, target: string, rules: ProxyRules): Promise<ThrottlingProxy> {
  const state: ThrottlingProxy = { endpoint: '', seen: new Map(), calls: 0 };
  const server = createServer(async (request, response) => {
    const body = await readAll(request);
    const isPutRecords = request.headers['x-amz-target'] === 'Kinesis_20131202.PutRecords';
    if (!isPutRecords) {
      const answer = await forward(target, request, body);
      response.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    state.calls += 1;
    const failure = rules.failCall?.(state.calls);
    if (failure === 'reset') {
      request.socket.destroy();
      return;
    }
    if (failure) {
      response.writeHead(failure.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': failure.type })
        .end(JSON.stringify({ __type: failure.type, message: 'injected by the test proxy' }));
      return;
    }
    if (!String(request.headers['content-type']).includes('json')) throw new Error(`unexpected content-type ${request.headers['content-type']}`);
    const input = JSON.parse(body.toString('utf8')) as { StreamName: string; Records: Array<{ Data: string; PartitionKey: string }> };
    const throttled = input.Records.map((entry) => {
      const line = Buffer.from(entry.Data, 'base64').toString('utf8');
      const times = (state.seen.get(line) ?? 0) + 1;
      state.seen.set(line, times);
      return rules.throttleEntry?.(line, times) ?? false;
    });
    const forwarded = input.Records.filter((_, index) => !throttled[index]);
    let results: Array<Record<string, unknown>> = [];
    if (forwarded.length > 0) {
      const answer = await forward(target, request, Buffer.from(JSON.stringify({ ...input, Records: forwarded })));
      if (answer.status !== 200) {
        response.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      }
      results = (JSON.parse(answer.body.toString('utf8')) as { Records: Array<Record<string, unknown>> }).Records;
    }
    const merged = throttled.map((isThrottled) => isThrottled
      ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard shardId-000000000000 (injected)' }
      : results.shift()!);
    const failed = merged.filter((entry) => 'ErrorCode' in entry).length;
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ FailedRecordCount: failed, Records: merged }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  return state;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(target: string, request: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const url = new URL(target);
  const headers = { ...request.headers, host: url.host, 'content-length': String(body.length) };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method: request.method, path: request.url, headers }, async (answer) => {
      const answerBody = await readAll(answer);
      resolve({ status: answer.statusCode ?? 500, headers: { 'content-type': String(answer.headers['content-type'] ?? 'application/x-amz-json-1.1') }, body: answerBody });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
