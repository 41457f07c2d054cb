import test from 'ava';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { SourceData } from '@smithy/types';
import { SignatureV4 } from '@smithy/signature-v4';
import { signRequest, type Credentials } from '../../agent/sigv4.js';

/** The hash the SDK's Node.js signer is given: SHA-256, or HMAC-SHA256 with a key. */
class Sha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret instanceof ArrayBuffer ? new Uint8Array(secret) : secret as string | Uint8Array);
  }
  update(data: Uint8Array): void {
    this.#hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {}
}

// The agent signs its own PutRecords; @smithy/signature-v4 (what the SDK signs with) is the reference.
async function reference(credentials: Credentials, date: Date, body: string, region: string) {
  const signer = new SignatureV4({ service: 'kinesis', region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST', protocol: 'https:', hostname: `kinesis.${region}.amazonaws.com`, path: '/',
    headers: { host: `kinesis.${region}.amazonaws.com`, 'content-type': 'application/x-amz-json-1.1', 'content-length': String(Buffer.byteLength(body)), 'x-amz-target': 'Kinesis_20131202.PutRecords' },
    body,
  }, { signingDate: date });
  return signed.headers;
}

const BODY = '{"StreamName":"weblogs-access-logs","Records":[{"Data":"aGVsbG8gIHdvcmxkCg==","PartitionKey":"k 1"}]}';

for (const [title, credentials] of [
  ['long-term keys', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
  ['temporary keys with a session token', { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars', sessionToken: 'FwoGZXIvYXdzEBYaDH//token==' }],
] as const) {
  test(`the agent's SigV4 headers for PutRecords equal @smithy/signature-v4's, with ${title}`, async (t) => {
    for (const [date, region] of [[new Date('2026-12-05T03:04:05.678Z'), 'us-east-1'], [new Date('2027-01-01T00:00:00Z'), 'ap-northeast-2']] as const) {
      const expected = await reference(credentials, date, BODY, region);
      const actual = signRequest({
        method: 'POST', host: `kinesis.${region}.amazonaws.com`, path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(Buffer.byteLength(BODY)), 'x-amz-target': 'Kinesis_20131202.PutRecords' },
        body: BODY, region, service: 'kinesis', credentials, date,
      });
      t.deepEqual(actual, expected);
    }
  });
}

test('a different body, secret or day gives a different signature', (t) => {
  const base = {
    method: 'POST', host: 'kinesis.us-east-1.amazonaws.com', path: '/', headers: { 'x-amz-target': 'Kinesis_20131202.PutRecords' },
    body: BODY, region: 'us-east-1', service: 'kinesis', credentials: { accessKeyId: 'AKID', secretAccessKey: 'one' }, date: new Date('2026-12-05T00:00:00Z'),
  };
  const signature = (input: typeof base) => signRequest(input).authorization;
  t.not(signature({ ...base, body: `${BODY} ` }), signature(base));
  t.not(signature({ ...base, credentials: { accessKeyId: 'AKID', secretAccessKey: 'two' } }), signature(base));
  t.not(signature({ ...base, date: new Date('2026-12-06T00:00:00Z') }), signature(base));
});
