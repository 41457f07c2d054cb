import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { FunctionCode } from '@aws-sdk/client-lambda';
import type { Scope } from '../shared/index.js';
import { UNZIPPED_LIMIT_BYTES } from './code-package.js';
import type { LambdaContext } from './context.js';
import { invalidParameterValue } from './errors.js';

/** The zip bytes a FunctionCode names: inline, or an object in the local S3 endpoint. */
export async function readCodeZip(context: LambdaContext, scope: Scope, code: Pick<FunctionCode, 'ZipFile' | 'S3Bucket' | 'S3Key' | 'S3ObjectVersion'>): Promise<Uint8Array> {
  if (code.ZipFile !== undefined) return decodeZipFile(code.ZipFile);
  const endpoint = context.endpointUrl();
  if (endpoint === undefined) throw invalidParameterValue('Error occurred while GetObject. S3 Error Code: ServiceUnavailable. S3 Error Message: no local S3 endpoint is configured');
  const client = new S3Client({
    endpoint,
    region: scope.region,
    forcePathStyle: true,
    // A 12-digit key id names the account to the endpoint: the bucket is looked for in the function's own.
    credentials: { accessKeyId: scope.accountId, secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler(),
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: code.S3Bucket, Key: code.S3Key, VersionId: code.S3ObjectVersion }));
    // Read no more than a package can be: a bigger object is refused before its bytes are held.
    if ((object.ContentLength ?? 0) > UNZIPPED_LIMIT_BYTES) {
      await object.Body?.transformToWebStream().cancel();
      throw invalidParameterValue(`Unzipped size must be smaller than ${UNZIPPED_LIMIT_BYTES} bytes`);
    }
    return await object.Body!.transformToByteArray();
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidParameterValueException') throw error;
    const name = error instanceof Error ? error.name : 'Unknown';
    const message = error instanceof Error ? error.message : String(error);
    throw invalidParameterValue(`Error occurred while GetObject. S3 Error Code: ${name}. S3 Error Message: ${message}`, error);
  } finally {
    client.destroy();
  }
}

// The JSON body carries ZipFile as base64 text; an SDK-built input may already hold bytes.
function decodeZipFile(zip: Uint8Array | string): Uint8Array {
  return typeof zip === 'string' ? Buffer.from(zip, 'base64') : zip;
}
