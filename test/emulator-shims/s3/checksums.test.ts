import test from 'ava';
import { checksumBase64, crc32c, crc64nvme } from '../../../emulator-shims/s3/checksums.js';
import { verifyUpload } from '../../../emulator-shims/s3/checksum-check.js';
import { compositeChecksum, parseCompletedParts } from '../../../emulator-shims/s3/multipart-checksums.js';

const CHECK = Buffer.from('123456789');

test('crc32c matches the CRC-32C check value', (t) => {
  t.is(crc32c(CHECK), 0xe3069283);
  t.is(crc32c(Buffer.alloc(32)), 0x8a9136aa);
});

test('crc64nvme matches the CRC-64/NVME check value', (t) => {
  t.is(crc64nvme(CHECK).toString('hex'), 'ae8b14860a799888');
  t.is(crc64nvme(Buffer.alloc(0)).toString('hex'), '0000000000000000');
});

/** CRC-64/NVME one bit at a time, straight from the definition, to check the sliced tables against. */
function crc64nvmeBitwise(data: Uint8Array): string {
  let crc = 0xffffffffffffffffn;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ 0x9a6c9329ac4bc9b5n : crc >> 1n;
  }
  return (crc ^ 0xffffffffffffffffn).toString(16).padStart(16, '0');
}

test('crc64nvme agrees with the bit-by-bit definition for every length up to 40 and unaligned views', (t) => {
  const bytes = Buffer.from(Array.from({ length: 48 }, (_, index) => (index * 151 + 7) & 0xff));
  for (let start = 0; start < 3; start++) {
    for (let length = 0; length <= 40; length++) {
      const view = bytes.subarray(start, start + length);
      t.is(crc64nvme(view).toString('hex'), crc64nvmeBitwise(view), `offset ${start}, length ${length}`);
    }
  }
});

test('checksumBase64 writes S3 header values (big-endian digest, base64)', (t) => {
  t.is(checksumBase64('crc32', CHECK), Buffer.from('cbf43926', 'hex').toString('base64'));
  t.is(checksumBase64('sha256', Buffer.from('')), '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
});

test('verifyUpload computes a CRC64NVME when the client sent no checksum, as S3 does', (t) => {
  t.deepEqual(verifyUpload(CHECK, {}, {}), { name: 'crc64nvme', value: crc64nvme(CHECK).toString('base64') });
});

const rejects = test.macro({
  exec(t, headers: Record<string, string>, trailers: Record<string, string>, code: string, message: RegExp) {
    const error = t.throws(() => verifyUpload(CHECK, headers, trailers));
    t.is((error as { code?: string }).code, code);
    t.regex(error.message, message);
  },
  title: (provided = '', _h, _tr, code: string) => `verifyUpload rejects ${provided} with ${code}`,
});

test('a wrong Content-MD5', rejects, { 'content-md5': Buffer.alloc(16).toString('base64') }, {}, 'BadDigest', /Content-MD5 you specified did not match/);
test('a Content-MD5 that is not 16 bytes', rejects, { 'content-md5': 'abc' }, {}, 'InvalidDigest', /Content-MD5 you specified was invalid/);
test('a wrong CRC32 header', rejects, { 'x-amz-checksum-crc32': 'AAAAAA==' }, {}, 'BadDigest', /The CRC32 you specified did not match the calculated checksum/);
test('a wrong CRC64NVME trailer', rejects, { 'x-amz-trailer': 'x-amz-checksum-crc64nvme' }, { 'x-amz-checksum-crc64nvme': 'AAAAAAAAAAA=' }, 'BadDigest', /CRC64NVME/);
test('a malformed SHA256 header', rejects, { 'x-amz-checksum-sha256': 'short' }, {}, 'InvalidRequest', /x-amz-checksum-sha256 header is invalid/);
test('two checksum headers', rejects, { 'x-amz-checksum-crc32': checksumBase64('crc32', CHECK), 'x-amz-checksum-sha1': checksumBase64('sha1', CHECK) }, {}, 'InvalidRequest', /Multiple checksum Types/);
test('a declared trailer that never came', rejects, { 'x-amz-trailer': 'x-amz-checksum-crc32' }, {}, 'InvalidRequest', /declared in x-amz-trailer/);
test('a decoded length that disagrees', rejects, { 'x-amz-decoded-content-length': '3' }, {}, 'IncompleteBody', /number of bytes/);

test('verifyUpload accepts each algorithm when the value is right', (t) => {
  for (const name of ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const) {
    t.deepEqual(verifyUpload(CHECK, { [`x-amz-checksum-${name}`]: checksumBase64(name, CHECK) }, {}), { name, value: checksumBase64(name, CHECK) });
  }
});

test('a composite checksum is the checksum of the binary part checksums, then -N', (t) => {
  const parts = [checksumBase64('crc32', Buffer.from('a')), checksumBase64('crc32', Buffer.from('b'))];
  const joined = Buffer.concat(parts.map((part) => Buffer.from(part, 'base64')));
  t.is(compositeChecksum('crc32', parts), `${checksumBase64('crc32', joined)}-2`);
});

test('parseCompletedParts reads part numbers, ETags (unquoted) and checksums', (t) => {
  const xml = '<CompleteMultipartUpload><Part><ETag>"e1"</ETag><PartNumber>1</PartNumber><ChecksumCRC32>AAAAAQ==</ChecksumCRC32></Part><Part><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>';
  t.deepEqual(parseCompletedParts(xml), [{ partNumber: 1, etag: 'e1', checksum: { name: 'crc32', value: 'AAAAAQ==' } }, { partNumber: 2 }]);
});
