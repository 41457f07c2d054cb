/** S3 object naming (reference §5). Pure. */
import { formatJavaDate } from './date-format.js';

export type CompressionFormat = 'UNCOMPRESSED' | 'GZIP' | 'ZIP' | 'Snappy' | 'HADOOP_SNAPPY';

/** UNCONFIRMED (§15.6): the docs say `.hsnappy` for HADOOP_SNAPPY; a third-party probe saw `.snappy`. Docs win. */
export const HADOOP_SNAPPY_EXTENSION = '.hsnappy';

const DEFAULT_EXTENSIONS: Record<CompressionFormat, string> = {
  UNCOMPRESSED: '', GZIP: '.gz', ZIP: '.zip', Snappy: '.snappy', HADOOP_SNAPPY: HADOOP_SNAPPY_EXTENSION,
};

/** The extension of delivered objects: FileExtension replaces the compression's default; `""` means unset. */
export function objectExtension(compression: CompressionFormat, fileExtension?: string): string {
  if (fileExtension !== undefined && fileExtension !== '') return fileExtension;
  return DEFAULT_EXTENSIONS[compression];
}

export interface ObjectNameParts {
  prefix: string;
  deliveryStreamName: string;
  versionId: number | string;
  /** UNCONFIRMED (§5): the suffix uses the same instant as the prefix, the oldest record's arrival. */
  timestampMs: number;
  timeZone: string;
  uuid: string;
  extension: string;
}

/** `<prefix><stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid><ext>`. */
export function objectKey(parts: ObjectNameParts): string {
  const time = formatJavaDate('yyyy-MM-dd-HH-mm-ss', parts.timestampMs, parts.timeZone);
  return `${parts.prefix}${parts.deliveryStreamName}-${parts.versionId}-${time}-${parts.uuid}${parts.extension}`;
}
