import { createHash, createHmac } from 'node:crypto';

/** AWS credentials as the standard chain resolves them. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface SignInput {
  method: string;
  host: string;
  path: string;
  /** Lower-case names; every one is signed (the agent sends no unsignable header). */
  headers: Record<string, string>;
  body: Uint8Array | string;
  region: string;
  service: string;
  credentials: Credentials;
  date?: Date;
}

const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** The day's signing key is the same for every request of that day, region and service. */
let cachedKey: { id: string; key: Buffer } | undefined;

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const id = `${secret}\n${day}\n${region}\n${service}`;
  if (cachedKey?.id === id) return cachedKey.key;
  let key = createHmac('sha256', `AWS4${secret}`).update(day).digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  cachedKey = { id, key };
  return key;
}

/**
 * Signature Version 4 for one request with a body and no query string (what the agent's PutRecords is):
 * returns the headers to send, the input's plus host, x-amz-date, x-amz-content-sha256, the session
 * token when there is one, and authorization. The same signature @smithy/signature-v4 computes
 * (test/agent/sigv4.test.ts holds them equal); written out here because that package brings
 * @smithy/core, about 10 MiB of the agent's memory.
 */
export function signRequest(input: SignInput): Record<string, string> {
  const date = (input.date ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = date.slice(0, 8);
  const payloadHash = sha256Hex(input.body);
  const headers: Record<string, string> = { ...input.headers, host: input.host, 'x-amz-date': date, 'x-amz-content-sha256': payloadHash };
  if (input.credentials.sessionToken) headers['x-amz-security-token'] = input.credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [input.method, input.path, '', canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(input.credentials.secretAccessKey, day, input.region, input.service)).update(stringToSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
