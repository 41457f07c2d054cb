import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from './aws-error.js';
import { readBody } from './http.js';
import { escapeXml, sendAwsError } from './error-response.js';

/** The parameters of a query-protocol call (`Action=…&Version=…`), from the URL and the form body. */
export interface QueryParams {
  get(name: string): string | undefined;
  /** `Prefix.member.1`, `Prefix.member.2`, … in order. */
  members(prefix: string): string[];
  /** `Prefix.member.N.Key` / `.Value` pairs in order. */
  pairs(prefix: string): { Key: string; Value: string }[];
}

export async function readQueryParams(request: IncomingMessage): Promise<QueryParams> {
  const url = new URL(request.url ?? '/', 'http://query');
  const body = request.method === 'POST' ? (await readBody(request, 1024 * 1024)).toString('utf8') : '';
  const params = new URLSearchParams(url.search);
  for (const [name, value] of new URLSearchParams(body)) params.append(name, value);
  return parseQueryParams(params);
}

/** Pure: a QueryParams view over already parsed name/value pairs. */
export function parseQueryParams(params: URLSearchParams): QueryParams {
  const get = (name: string) => params.get(name) ?? undefined;
  return {
    get,
    members(prefix) {
      const out: string[] = [];
      for (let i = 1; params.has(`${prefix}.member.${i}`); i++) out.push(params.get(`${prefix}.member.${i}`)!);
      return out;
    },
    pairs(prefix) {
      const out: { Key: string; Value: string }[] = [];
      for (let i = 1; params.has(`${prefix}.member.${i}.Key`); i++) out.push({ Key: params.get(`${prefix}.member.${i}.Key`)!, Value: params.get(`${prefix}.member.${i}.Value`) ?? '' });
      return out;
    },
  };
}

/** Pure: the XML answer of a query-protocol call: `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>`. */
export function renderQueryResponse(action: string, namespace: string, result: string | undefined, requestId: string): string {
  const inner = result === undefined ? '' : `<${action}Result>${result}</${action}Result>`;
  return `<${action}Response xmlns="${namespace}">${inner}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

/** Pure: `<name>text</name>` with the text escaped; nothing for undefined. */
export function xmlElement(name: string, text: string | number | boolean | undefined): string {
  return text === undefined ? '' : `<${name}>${escapeXml(String(text))}</${name}>`;
}

/** One query-protocol action: its parameters in, the inner XML of its `<Action>Result>` out (none for actions without a result). */
export type QueryOperation = (params: QueryParams) => string | undefined | Promise<string | undefined>;

/**
 * Serves one query-protocol call (IAM, STS): finds the action, answers its result in the service's
 * XML namespace, or the service's `<ErrorResponse>` for an unknown action or a thrown AwsError.
 */
export async function serveQueryCall(
  request: IncomingMessage,
  response: ServerResponse,
  namespace: string,
  operations: Readonly<Record<string, QueryOperation>>,
): Promise<void> {
  try {
    const params = await readQueryParams(request);
    const action = params.get('Action') ?? '';
    const operation = operations[action];
    if (!operation) throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`, 400);
    const requestId = crypto.randomUUID();
    const body = Buffer.from(renderQueryResponse(action, namespace, await operation(params), requestId));
    response.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(body.length), 'x-amzn-requestid': requestId }).end(body);
  } catch (error) {
    sendAwsError(response, error, 'query', { namespace });
  }
}
