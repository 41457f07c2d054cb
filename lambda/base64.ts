// One scratch buffer per direction, reused for every record: per-record Buffers were most of the
// garbage the handler made. Safe because a Lambda instance runs one invocation at a time and the
// handler never awaits between writing a scratch buffer and copying out of it.
let input = Buffer.allocUnsafe(64 * 1024);
let output = Buffer.allocUnsafe(64 * 1024);

/**
 * Decodes base64 record data into a view of a shared buffer. The view is valid only until the next
 * call: read it (e.g. into a string) before decoding another record.
 */
export function decodeBase64Transient(data: string): Buffer {
  const maxBytes = Math.ceil(data.length / 4) * 3;
  if (maxBytes > input.length) input = Buffer.allocUnsafe(maxBytes);
  const length = input.write(data, 0, 'base64');
  return input.subarray(0, length);
}

/** The base64 of `text` encoded as UTF-8, followed by a newline (written here: appending it to the text would copy the text). */
export function encodeLineBase64(text: string): string {
  const maxBytes = text.length * 3 + 1;
  if (maxBytes > output.length) output = Buffer.allocUnsafe(maxBytes);
  const length = output.write(text, 0, 'utf8');
  output[length] = 0x0a;
  return output.toString('base64', 0, length + 1);
}

/** The shared output buffer, grown to at least `bytes`; valid until the next call here or to encodeLineBase64. */
export function outputScratch(bytes: number): Buffer {
  if (bytes > output.length) output = Buffer.allocUnsafe(bytes);
  return output;
}
