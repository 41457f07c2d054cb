import { Readable } from 'node:stream';
import type { RequestListener } from 'node:http';

export interface KinesaliteAnswer {
  status: number;
  body: Record<string, unknown>;
}

// kinesalite checks that credentials are present in form, never their value.
const INTERNAL_AUTH = 'AWS4-HMAC-SHA256 Credential=hosepipe/20200101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0';

/**
 * Calls kinesalite's request listener in-process with a JSON body and collects its JSON answer,
 * without a socket: kinesalite only reads `data`/`end` events and writes through `setHeader`/`end`.
 */
export function callKinesalite(listener: RequestListener, operation: string, body: unknown): Promise<KinesaliteAnswer> {
  const payload = Buffer.from(JSON.stringify(body));
  const request = Object.assign(Readable.from([payload]), {
    method: 'POST',
    url: '/',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Kinesis_20131202.${operation}`,
      'x-amz-date': '20200101T000000Z',
      authorization: INTERNAL_AUTH,
    },
  });
  return new Promise((resolve, reject) => {
    const response = {
      statusCode: 200,
      contentType: '',
      setHeader() {},
      getHeader() { return undefined; },
      end(data?: string | Buffer) {
        try {
          const text = data === undefined ? '' : String(data);
          resolve({ status: response.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        } catch (error) {
          reject(error);
        }
      },
    };
    (listener as unknown as (request: unknown, response: unknown) => void)(request, response);
  });
}
