/**
 * Decodes an `aws-chunked` body (SigV4 streaming upload): `<hex-size>[;chunk-signature=…]\r\n<data>\r\n`
 * repeated, a zero-size chunk, then optional trailer lines (`x-amz-checksum-crc32:…`) and a blank line.
 * s3rver would otherwise store this framing as the object's content.
 */
export function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new Error(`aws-chunked body is truncated: no chunk header at byte ${offset}`);
    const header = body.toString('latin1', offset, lineEnd);
    const size = Number.parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size < 0) throw new Error(`aws-chunked body has a bad chunk header ${JSON.stringify(header)} at byte ${offset}`);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > body.length) throw new Error(`aws-chunked body is truncated: chunk of ${size} bytes at byte ${offset}`);
    parts.push(body.subarray(offset, offset + size));
    offset += size + 2;
  }
  for (const line of body.toString('latin1', offset).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}

/** True when a request's body is aws-chunked framed. */
export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  const encoding = String(headers['content-encoding'] ?? '');
  return sha.startsWith('STREAMING-') || encoding.split(',').some((value) => value.trim() === 'aws-chunked');
}
