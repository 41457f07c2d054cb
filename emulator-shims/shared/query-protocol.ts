import type { IncomingMessage } from 'node:http';
import { readBody } from './http.js';
import { escapeXml } from './error-response.js';

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
