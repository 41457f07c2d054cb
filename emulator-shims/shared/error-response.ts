import type { ServerResponse } from 'node:http';
import { AwsError } from './aws-error.js';

/** The wire protocols of the emulated services; each writes an error its own way. */
export type AwsProtocol = 'awsJson' | 'awsCbor' | 'restJson' | 'restXml' | 'query';

/** XML namespaces of the query-protocol services, as their error documents carry them. */
export const QUERY_NAMESPACES: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

/** Encodes a body as CBOR; injected so `shared/` does not depend on an engine's CBOR library. */
export type CborEncode = (value: unknown) => Buffer;

/**
 * The one place an AwsError becomes bytes on the wire, in the protocol of the service that
 * answers it: awsJson `{__type, message}` + `x-amzn-ErrorType`, REST-JSON (Lambda),
 * REST-XML `<Error><Code>` (S3), query XML `<ErrorResponse>` (IAM, STS).
 */
export function sendAwsError(
  response: ServerResponse,
  error: unknown,
  protocol: AwsProtocol,
  options: { namespace?: string; encodeCbor?: CborEncode; resource?: string } = {},
): void {
  const aws = error instanceof AwsError ? error : new AwsError('InternalFailure', error instanceof Error ? error.message : String(error), 500);
  const requestId = crypto.randomUUID();
  let contentType: string;
  let payload: Buffer;
  const headers: Record<string, string> = {};
  switch (protocol) {
    case 'awsJson':
      contentType = 'application/x-amz-json-1.1';
      payload = Buffer.from(JSON.stringify(aws.toJSON()));
      headers['x-amzn-errortype'] = aws.code;
      headers['x-amzn-requestid'] = requestId;
      break;
    case 'awsCbor':
      contentType = 'application/x-amz-cbor-1.1';
      payload = options.encodeCbor ? options.encodeCbor(aws.toJSON()) : Buffer.from(JSON.stringify(aws.toJSON()));
      headers['x-amzn-errortype'] = aws.code;
      headers['x-amzn-requestid'] = requestId;
      break;
    case 'restJson':
      // Lambda's shape: the code in the header, `Type` (User/Service) and `message` in the body.
      contentType = 'application/json';
      payload = Buffer.from(JSON.stringify({ Type: aws.statusCode >= 500 ? 'Service' : 'User', message: aws.message, ...aws.fields }));
      headers['x-amzn-errortype'] = aws.code;
      headers['x-amzn-requestid'] = requestId;
      break;
    case 'restXml': {
      contentType = 'application/xml';
      const extra = Object.entries(aws.fields).map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`).join('');
      const resource = options.resource ? `<Resource>${escapeXml(options.resource)}</Resource>` : '';
      payload = Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${aws.code}</Code><Message>${escapeXml(aws.message)}</Message>${extra}${resource}<RequestId>${requestId}</RequestId></Error>`,
      );
      headers['x-amz-request-id'] = requestId;
      break;
    }
    case 'query': {
      contentType = 'text/xml';
      const type = aws.statusCode >= 500 ? 'Receiver' : 'Sender';
      const namespace = options.namespace ? ` xmlns="${options.namespace}"` : '';
      payload = Buffer.from(
        `<ErrorResponse${namespace}><Error><Type>${type}</Type><Code>${aws.code}</Code><Message>${escapeXml(aws.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
      headers['x-amzn-requestid'] = requestId;
      break;
    }
  }
  response.writeHead(aws.statusCode, { 'content-type': contentType, 'content-length': String(payload.length), ...headers });
  response.end(payload);
}

/** Escapes text for an XML element body or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
