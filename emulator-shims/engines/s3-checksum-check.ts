import { createHash } from 'node:crypto';
import { AwsError } from '../shared/index.js';
import { CHECKSUM_BYTES, CHECKSUM_NAMES, checksumBase64, checksumLabel, type ChecksumName } from './checksums.js';

export interface ObjectChecksum {
  name: ChecksumName;
  value: string;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Pure: checks an upload's body against what the client declared, the way S3 does, and answers
 * the checksum to store. Throws S3's error: `InvalidDigest`/`BadDigest` for Content-MD5,
 * `InvalidRequest` for a malformed or doubled checksum, `BadDigest` for a checksum mismatch,
 * `IncompleteBody` when `x-amz-decoded-content-length` disagrees with the decoded body.
 * With no checksum given, S3 computes a CRC64NVME of its own, and so does this.
 */
export function verifyUpload(data: Buffer, headers: Headers, trailers: Record<string, string>, fallback: ChecksumName = 'crc64nvme'): ObjectChecksum {
  const decodedLength = header(headers, 'x-amz-decoded-content-length');
  if (decodedLength !== undefined && Number(decodedLength) !== data.length) {
    throw new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
  }
  const md5 = header(headers, 'content-md5');
  if (md5 !== undefined) {
    if (Buffer.from(md5, 'base64').length !== 16) throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, { 'Content-MD5': md5 });
    if (createHash('md5').update(data).digest('base64') !== md5) {
      throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
        ExpectedDigest: Buffer.from(md5, 'base64').toString('hex'),
        CalculatedDigest: createHash('md5').update(data).digest('hex'),
      });
    }
  }
  const declaredTrailer = header(headers, 'x-amz-trailer')?.trim().toLowerCase();
  const given = CHECKSUM_NAMES.flatMap((name) => {
    const value = header(headers, `x-amz-checksum-${name}`) ?? trailers[`x-amz-checksum-${name}`];
    return value === undefined ? [] : [{ name, value }];
  });
  if (declaredTrailer?.startsWith('x-amz-checksum-') && trailers[declaredTrailer] === undefined) {
    throw new AwsError('InvalidRequest', `The ${declaredTrailer} trailer was declared in x-amz-trailer but not sent.`, 400);
  }
  if (given.length > 1) throw new AwsError('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.', 400);
  const sdkAlgorithm = header(headers, 'x-amz-sdk-checksum-algorithm')?.toLowerCase();
  if (sdkAlgorithm !== undefined && !CHECKSUM_NAMES.includes(sdkAlgorithm as ChecksumName)) {
    throw new AwsError('InvalidRequest', 'Value for x-amz-sdk-checksum-algorithm header is invalid.', 400);
  }
  const [claim] = given;
  if (!claim) return { name: (sdkAlgorithm as ChecksumName | undefined) ?? fallback, value: checksumBase64((sdkAlgorithm as ChecksumName | undefined) ?? fallback, data) };
  if (sdkAlgorithm !== undefined && sdkAlgorithm !== claim.name) {
    throw new AwsError('InvalidRequest', `Value for x-amz-sdk-checksum-algorithm header is invalid.`, 400);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(claim.value) || Buffer.from(claim.value, 'base64').length !== CHECKSUM_BYTES[claim.name]) {
    throw new AwsError('InvalidRequest', `Value for x-amz-checksum-${claim.name} header is invalid.`, 400);
  }
  const actual = checksumBase64(claim.name, data);
  if (actual !== claim.value) {
    throw new AwsError('BadDigest', `The ${checksumLabel(claim.name)} you specified did not match the calculated checksum.`, 400);
  }
  return claim;
}
