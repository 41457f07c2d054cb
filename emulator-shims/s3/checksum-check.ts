import { createHash } from 'node:crypto';
import { AwsError } from '../shared/index.js';
import { CHECKSUM_BYTES, CHECKSUM_NAMES, checksumLabel, createChecksummer, type Checksummer, type ChecksumName } from './checksums.js';

export interface ObjectChecksum {
  name: ChecksumName;
  value: string;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** What an upload's headers promise about its body, checked before a byte of it is read. */
export interface UploadPlan {
  /** The algorithm to compute while the body streams in. */
  name: ChecksumName;
  /** A value given in a header; undefined when it comes in the trailer or not at all. */
  headerValue?: string;
  /** `x-amz-checksum-<name>` when the value is to come in the aws-chunked trailer. */
  trailer?: string;
  md5?: string;
  decodedLength?: number;
}

/**
 * Pure: reads an upload's checksum headers the way S3 does and refuses what S3 refuses before the
 * body: `InvalidDigest` for a Content-MD5 that is not 16 bytes, `InvalidRequest` for two checksum
 * headers, a malformed value or an `x-amz-sdk-checksum-algorithm` that names another algorithm.
 * With no checksum given, S3 computes a CRC64NVME of its own (or the upload's algorithm, for a part).
 */
export function planUpload(headers: Headers, fallback: ChecksumName = 'crc64nvme'): UploadPlan {
  const md5 = header(headers, 'content-md5');
  if (md5 !== undefined && Buffer.from(md5, 'base64').length !== 16) throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, { 'Content-MD5': md5 });
  const decodedText = header(headers, 'x-amz-decoded-content-length');
  const decodedLength = decodedText === undefined ? undefined : /^\d{1,16}$/.test(decodedText) ? Number(decodedText) : Number.NaN;
  const trailer = header(headers, 'x-amz-trailer')?.trim().toLowerCase();
  const trailerName = trailer?.startsWith('x-amz-checksum-') ? (trailer.slice('x-amz-checksum-'.length) as ChecksumName) : undefined;
  if (trailerName !== undefined && !CHECKSUM_NAMES.includes(trailerName)) throw new AwsError('InvalidRequest', `The value specified in the x-amz-trailer header is not supported`, 400);
  const given = CHECKSUM_NAMES.flatMap((name) => {
    const value = header(headers, `x-amz-checksum-${name}`);
    return value === undefined ? [] : [{ name, value }];
  });
  if (given.length + (trailerName ? 1 : 0) > 1) throw new AwsError('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.', 400);
  const sdkAlgorithm = header(headers, 'x-amz-sdk-checksum-algorithm')?.toLowerCase() as ChecksumName | undefined;
  if (sdkAlgorithm !== undefined && !CHECKSUM_NAMES.includes(sdkAlgorithm)) throw new AwsError('InvalidRequest', 'Value for x-amz-sdk-checksum-algorithm header is invalid.', 400);
  const claimed = given[0]?.name ?? trailerName;
  if (sdkAlgorithm !== undefined && claimed !== undefined && sdkAlgorithm !== claimed) throw new AwsError('InvalidRequest', 'Value for x-amz-sdk-checksum-algorithm header is invalid.', 400);
  const [claim] = given;
  if (claim) checkWellFormed(claim);
  return {
    name: claimed ?? sdkAlgorithm ?? fallback,
    ...(claim ? { headerValue: claim.value } : {}),
    ...(trailerName ? { trailer: `x-amz-checksum-${trailerName}` } : {}),
    ...(md5 !== undefined ? { md5 } : {}),
    ...(decodedLength !== undefined ? { decodedLength } : {}),
  };
}

/** The digests an upload needs, fed with the decoded body as it streams in. */
export interface UploadDigests {
  update(data: Uint8Array): void;
  /** After the last byte: the object's MD5 (its ETag) and checksum, or S3's error for a mismatch. */
  finish(size: number, trailers: Record<string, string>): { md5Hex: string; checksum: ObjectChecksum };
}

export function createUploadDigests(plan: UploadPlan): UploadDigests {
  const md5 = createHash('md5');
  const checksummer: Checksummer = createChecksummer(plan.name);
  return {
    update(data) {
      md5.update(data);
      checksummer.update(data);
    },
    finish(size, trailers) {
      if (plan.decodedLength !== undefined && plan.decodedLength !== size) {
        throw new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
      }
      const digest = md5.digest();
      if (plan.md5 !== undefined && digest.toString('base64') !== plan.md5) {
        throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
          ExpectedDigest: Buffer.from(plan.md5, 'base64').toString('hex'),
          CalculatedDigest: digest.toString('hex'),
        });
      }
      const actual = checksummer.digest().toString('base64');
      let expected = plan.headerValue;
      if (plan.trailer !== undefined) {
        expected = trailers[plan.trailer];
        if (expected === undefined) throw new AwsError('InvalidRequest', `The ${plan.trailer} trailer was declared in x-amz-trailer but not sent.`, 400);
        checkWellFormed({ name: plan.name, value: expected });
      }
      if (expected !== undefined && expected !== actual) {
        throw new AwsError('BadDigest', `The ${checksumLabel(plan.name)} you specified did not match the calculated checksum.`, 400);
      }
      return { md5Hex: digest.toString('hex'), checksum: { name: plan.name, value: actual } };
    },
  };
}

/**
 * Pure: checks a body held in memory against what the client declared, the way S3 does, and answers
 * the checksum to store (planUpload, then the digests over `data`).
 */
export function verifyUpload(data: Buffer, headers: Headers, trailers: Record<string, string>, fallback: ChecksumName = 'crc64nvme'): ObjectChecksum {
  const plan = planUpload(headers, fallback);
  const digests = createUploadDigests(plan);
  digests.update(data);
  return digests.finish(data.length, trailers).checksum;
}

function checkWellFormed(claim: ObjectChecksum): void {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(claim.value) || Buffer.from(claim.value, 'base64').length !== CHECKSUM_BYTES[claim.name]) {
    throw new AwsError('InvalidRequest', `Value for x-amz-checksum-${claim.name} header is invalid.`, 400);
  }
}
