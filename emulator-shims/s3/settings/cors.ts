/** A bucket's `<CORSConfiguration>`: validated as S3 validates it, and matched against requests as S3 matches them. */
import { invalidRequest, malformedXml } from '../errors.js';
import { asNode, listOf, parseXml, textOf } from '../xml.js';

const METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);

export interface CorsRule {
  methods: string[];
  origins: string[];
  headers: string[];
  expose: string[];
  maxAgeSeconds?: number;
}

/** Pure: the rules of a CORS configuration; S3's MalformedXML or InvalidRequest for one it refuses. */
export function parseCors(text: string): CorsRule[] {
  const rules = listOf(parseXml(text, 'CORSConfiguration'), 'CORSRule').map(asNode);
  if (rules.length === 0 || rules.length > 100) throw malformedXml();
  return rules.map((rule) => {
    const texts = (name: string) => listOf(rule, name).map((value) => {
      if (typeof value !== 'string') throw malformedXml();
      return value;
    });
    const methods = texts('AllowedMethod');
    const origins = texts('AllowedOrigin');
    const headers = texts('AllowedHeader');
    if (methods.length === 0 || origins.length === 0) throw malformedXml();
    for (const method of methods) if (!METHODS.has(method)) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${method.slice(0, 64)}`);
    for (const origin of origins) if (origin.split('*').length > 2) throw invalidRequest(`AllowedOrigin "${origin.slice(0, 256)}" can not have more than one wildcard.`);
    for (const header of headers) if (header.split('*').length > 2) throw invalidRequest(`AllowedHeader "${header.slice(0, 256)}" can not have more than one wildcard.`);
    const maxAge = textOf(rule, 'MaxAgeSeconds');
    if (maxAge !== undefined && !/^\d{1,9}$/.test(maxAge)) throw malformedXml();
    return { methods, origins, headers, expose: texts('ExposeHeader'), ...(maxAge !== undefined ? { maxAgeSeconds: Number(maxAge) } : {}) };
  });
}

/** Pure: the first rule allowing `origin` to use `method` with `requestHeaders` (all allowed, case-insensitively). */
export function matchCorsRule(rules: readonly CorsRule[], origin: string, method: string, requestHeaders: readonly string[]): CorsRule | undefined {
  return rules.find((rule) =>
    rule.methods.includes(method) &&
    rule.origins.some((allowed) => wildcardMatch(allowed, origin)) &&
    requestHeaders.every((header) => rule.headers.some((allowed) => wildcardMatch(allowed.toLowerCase(), header.toLowerCase()))));
}

/** The `Access-Control-*` headers S3 answers for a matching rule. */
export function corsHeaders(rule: CorsRule, origin: string, requestHeaders: readonly string[], preflight: boolean): Record<string, string> {
  const anyOrigin = rule.origins.includes('*');
  const headers: Record<string, string> = {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    'access-control-allow-methods': rule.methods.join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!anyOrigin) headers['access-control-allow-credentials'] = 'true';
  if (preflight && requestHeaders.length > 0) headers['access-control-allow-headers'] = requestHeaders.join(', ');
  if (rule.expose.length > 0) headers['access-control-expose-headers'] = rule.expose.join(', ');
  if (rule.maxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.maxAgeSeconds);
  return headers;
}

function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
}
