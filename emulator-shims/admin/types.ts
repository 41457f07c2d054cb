/**
 * The pipeline view's JSON, as `GET /_hosepipe/pipelines/{account}/{region}/{name}` answers it. The web page
 * (web/) and `hosepipe top` read it; type-only, so the browser bundle imports nothing from the server.
 */

/** A counter since the endpoint started and its rate over the last seconds (null until two samples exist). */
export interface Counter {
  total: number;
  perSecond: number | null;
}

/** One delivery stream, as the picker lists it. */
export interface PipelineRef {
  accountId: string;
  region: string;
  name: string;
  status: string;
}

/** One open buffer: `fill` of its size hint (0..1) and the time until its interval runs out. */
export interface BufferFill {
  kind: 'lambda' | 'destination' | 'backup' | 'error';
  partition: string;
  records: number;
  bytes: number;
  sizeBytes: number;
  fill: number;
  intervalMs: number;
  flushInMs: number;
}

export type ObjectKind = 'success' | 'error' | 'backup';

export interface ObjectSummary {
  key: string;
  /** The part of the key between the prefix's fixed text and the file name: the partition it landed in. */
  partition: string;
  records: number | null;
  bytes: number | null;
  writtenAt: string | null;
}

/** One record of an object: its text, and for error records the `rawData` decoded. */
export interface PreviewRecord {
  text: string;
  /** The error record's rawData, base64-decoded (UTF-8; `rawDataBinary` when it is not text). */
  rawData?: string;
  rawDataBinary?: boolean;
}

export interface ObjectPreview {
  bucket: string;
  key: string;
  partition: string;
  size: number;
  /** How the object is stored: `gzip` is opened here, other compressions are named and not opened. */
  compression: 'none' | 'gzip' | 'zip' | 'snappy';
  records: PreviewRecord[];
  /** True when only the first part of a large object is shown. */
  truncated: boolean;
  note?: string;
}

export interface PrefixObjects {
  kind: ObjectKind;
  bucket: string;
  prefix: string;
  written: number;
  recent: ObjectSummary[];
  newest: ObjectPreview | null;
}

export interface LogLine {
  timestamp: string;
  message: string;
}

export interface ErrorCount {
  service: string;
  operation: string;
  code: string;
  count: number;
}

export interface PipelineSnapshot {
  /** Emulator clock (moved by `POST /_hosepipe/clock`) and how far it is ahead of wall time. */
  clock: { now: string; offsetMs: number };
  pipeline: PipelineRef & { source: 'KinesisStreamAsSource' | 'DirectPut'; arn: string };
  names: {
    deliveryStream: string;
    stream: string | null;
    function: string | null;
    bucket: string;
    backupBucket: string | null;
    prefixes: { success: string; error: string; backup: string | null };
  };
  nginx: { registered: boolean; url: string | null; accessLog: string | null; lines: Counter | null; bytes: Counter | null };
  agent: {
    registered: boolean;
    statusUrl: string | null;
    /** Why the status could not be read, when it could not. */
    problem: string | null;
    linesRead: Counter | null;
    records: Counter | null;
    bytes: Counter | null;
    bytesBehind: number | null;
    recordsQueued: number | null;
    throttles: number | null;
    retries: number | null;
    failedRecords: number | null;
  };
  stream: { name: string | null; records: Counter; bytes: Counter; millisBehind: number | null; throttles: number; errors: number };
  firehose: {
    incoming: Counter;
    delivered: Counter;
    deliveredBytes: Counter;
    backedUp: Counter;
    objects: number;
    buffers: BufferFill[];
    /** Buffers not listed (dynamic partitioning can hold hundreds). */
    buffersNotShown: number;
    s3Retries: number;
    failedRecords: number;
    dataFreshnessSeconds: number | null;
    lastError: string | null;
  };
  function: {
    name: string | null;
    invocations: Counter;
    failedInvocations: number;
    records: Counter;
    failedRecords: number;
    droppedRecords: number;
    averageDurationMs: number | null;
    logGroup: string | null;
    logs: LogLine[];
  };
  bucket: { name: string; objects: Record<ObjectKind, number> };
  errors: {
    /** Throttling answers of the endpoint in this account and region (Kinesis, Lambda, S3 SlowDown…). */
    throttles: number;
    failedInvocations: number;
    s3Retries: number;
    /** IAM denials seen for this account (AccessDenied answers, and what the IAM evaluator reports). */
    iamDenials: number;
    /** Error answers of the endpoint in this account and region, by service, operation and code. */
    byCode: ErrorCount[];
  };
  objects: PrefixObjects[];
  faults: FaultRuleView[];
}

/** A fault rule as `GET /_hosepipe/faults` lists it. */
export interface FaultRuleView {
  id: string;
  service: string;
  operation: string;
  error?: string;
  status: number;
  count?: number;
  probability?: number;
  latencyMs: number;
  hits: number;
}
