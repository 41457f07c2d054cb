import { gunzipObject } from '../scenarios/index.js';

/** An object in the pipeline's bucket, its body as stored (compressed when Firehose compressed it). */
export interface PipelineObject {
  key: string;
  body: Buffer;
}

/** A record that is not JSON: names the object and line, so the test's failure says where to look. */
export class RecordParseError extends Error {
  readonly key: string;
  readonly line: number;
  constructor(key: string, line: number, text: string, options: { cause: unknown }) {
    super(`records: ${key} line ${line} is not JSON (${text.length > 80 ? `${text.slice(0, 80)}…` : text}); objects() gives the raw bodies`, options);
    this.name = 'RecordParseError';
    this.key = key;
    this.line = line;
  }
}

/** Pure: every newline-delimited JSON record of the objects, in key order then line order. */
export function parseRecords<T = unknown>(objects: readonly PipelineObject[]): T[] {
  const records: T[] = [];
  for (const object of objects) {
    const lines = gunzipObject(object.body).toString('utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim().length === 0) return;
      try {
        records.push(JSON.parse(line) as T);
      } catch (cause) {
        throw new RecordParseError(object.key, index + 1, line, { cause });
      }
    });
  }
  return records;
}

/** records() reads newline-delimited objects, plain or gzip; ZIP and Snappy objects are for objects(). */
export class RecordsCompressionError extends Error {
  readonly compression: string;
  constructor(compression: string) {
    super(`records: this pipeline's objects are ${compression}-compressed; records() reads UNCOMPRESSED and GZIP objects (objects() gives the bodies as stored)`);
    this.name = 'RecordsCompressionError';
    this.compression = compression;
  }
}
