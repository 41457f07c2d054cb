import test from 'ava';
import { decodeAwsChunked, isAwsChunked } from '../../../emulator-shims/s3/index.js';

test('decodeAwsChunked joins signed chunks and reads the trailer', (t) => {
  const body = Buffer.from('3;chunk-signature=aa\r\nabc\r\n3;chunk-signature=bb\r\ndef\r\n0;chunk-signature=cc\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n');
  const { data, trailers } = decodeAwsChunked(body);
  t.is(data.toString(), 'abcdef');
  t.deepEqual(trailers, { 'x-amz-checksum-crc32': 'AAAAAA==' });
});

test('decodeAwsChunked keeps binary chunk content byte for byte', (t) => {
  const payload = Buffer.from([0, 13, 10, 255, 13, 10]);
  const body = Buffer.concat([Buffer.from('6\r\n'), payload, Buffer.from('\r\n0\r\n\r\n')]);
  t.deepEqual(decodeAwsChunked(body).data, payload);
});

test('decodeAwsChunked rejects a truncated body naming the offset', (t) => {
  t.throws(() => decodeAwsChunked(Buffer.from('10\r\nabc')), { message: /truncated: chunk of 16 bytes at byte 4/ });
});

test('isAwsChunked recognises streaming payload hashes and the content encoding', (t) => {
  t.true(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }));
  t.true(isAwsChunked({ 'content-encoding': 'gzip, aws-chunked' }));
  t.false(isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }));
});
