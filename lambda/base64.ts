// One scratch buffer per direction, reused for every record: per-record Buffers were most of the
// garbage the handler made. Safe because a Lambda instance runs one invocation at a time and the
// handler never awaits between writing a scratch buffer and reading out of it.
let input = Buffer.allocUnsafe(64 * 1024);
let output = Buffer.allocUnsafe(64 * 1024);

/**
 * Decodes base64 record data into the shared input buffer (see inputScratch) and returns how many
 * bytes it wrote. The bytes are valid only until the next call.
 */
export function decodeBase64Shared(data: string): number {
  const maxBytes = Math.ceil(data.length / 4) * 3;
  if (maxBytes > input.length) input = Buffer.allocUnsafe(maxBytes);
  return input.write(data, 0, 'base64');
}

/** The buffer decodeBase64Shared writes into; it may be replaced by a bigger one on the next decode. */
export function inputScratch(): Buffer {
  return input;
}

/** Writes `text` as UTF-8 followed by a newline into the shared output buffer and returns the byte count. */
export function writeLineUtf8(text: string): number {
  const maxBytes = text.length * 3 + 1;
  if (maxBytes > output.length) output = Buffer.allocUnsafe(maxBytes);
  const length = output.write(text, 0, 'utf8');
  output[length] = 0x0a;
  return length + 1;
}

/** The shared output buffer, grown to at least `bytes`; valid until the next call here or to writeLineUtf8. */
export function outputScratch(bytes: number): Buffer {
  if (bytes > output.length) output = Buffer.allocUnsafe(bytes);
  return output;
}
