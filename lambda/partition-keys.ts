/** Firehose dynamic-partitioning keys for one record, zero-padded like the `timestamp` prefix namespace. */
export interface PartitionKeys {
  year: string;
  month: string;
  day: string;
  hour: string;
}

// Every zone in use today is offset from UTC by a multiple of 15 minutes and changes offset on such a
// boundary, so all instants of one UTC quarter-hour share their local hour.
const BUCKET_MS = 15 * 60_000;
const MAX_CACHED = 4096;

const formatters = new Map<string, Intl.DateTimeFormat>();
const bucketsByZone = new Map<string, Map<number, Readonly<PartitionKeys>>>();

let last: { bucket: number; timeZone: string; keys: Readonly<PartitionKeys> } = { bucket: Number.NaN, timeZone: '', keys: Object.freeze({ year: '', month: '', day: '', hour: '' }) };

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

let canonicalZones: ReadonlySet<string> | undefined;

/**
 * Whether `timeZone` is one of the runtime's canonical IANA names (Intl.supportedValuesOf), which the TZ
 * variable takes as they are. Aliases and other spellings DateTimeFormat accepts ('Asia/Calcutta', 'asia/seoul')
 * are not in the list and go through DateTimeFormat.
 */
const isCanonicalZone = (timeZone: string): boolean => (canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'))).has(timeZone);

/**
 * Whether DateTimeFormat takes `timeZone` as a zone. Only a name outside the canonical list (and UTC, which every
 * runtime has) is put to DateTimeFormat: its first use loads the locale's data, 20-30 ms of a process's start.
 */
export function isTimeZoneName(timeZone: string): boolean {
  if (timeZone === 'UTC' || isCanonicalZone(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

const computeKeys = (epochMs: number, timeZone: string): PartitionKeys => {
  if (timeZone === 'UTC') {
    const date = new Date(epochMs);
    return {
      year: pad(date.getUTCFullYear(), 4),
      month: pad(date.getUTCMonth() + 1, 2),
      day: pad(date.getUTCDate(), 2),
      hour: pad(date.getUTCHours(), 2),
    };
  }
  if (isCanonicalZone(timeZone)) return localKeys(epochMs, timeZone);
  const keys: PartitionKeys = { year: '', month: '', day: '', hour: '' };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type === 'year') keys.year = part.value.padStart(4, '0');
    else if (part.type === 'month' || part.type === 'day' || part.type === 'hour') keys[part.type] = part.value;
  }
  return keys;
};

/**
 * The keys from Date's local-time fields with TZ set to the zone for the moment (then put back): the same tz data
 * as DateTimeFormat's, without loading the locale data DateTimeFormat brings, megabytes a function instance keeps.
 */
const localKeys = (epochMs: number, timeZone: string): PartitionKeys => {
  const saved = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    const date = new Date(epochMs);
    return { year: pad(date.getFullYear(), 4), month: pad(date.getMonth() + 1, 2), day: pad(date.getDate(), 2), hour: pad(date.getHours(), 2) };
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
};

/** Throws RangeError unless `timeZone` is an IANA zone name this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  if (timeZone === 'UTC' || isCanonicalZone(timeZone)) return;
  formatterFor(timeZone);
}

/**
 * The year/month/day/hour of an instant in an IANA time zone (DST-aware, from the runtime's tz data), as
 * zero-padded strings. Results are cached per zone and UTC quarter-hour.
 */
export function partitionKeys(epochMs: number, timeZone = 'UTC'): Readonly<PartitionKeys> {
  const bucket = Math.floor(epochMs / BUCKET_MS);
  // Consecutive log lines nearly always fall in the same quarter-hour.
  if (bucket === last.bucket && timeZone === last.timeZone) return last.keys;
  let buckets = bucketsByZone.get(timeZone);
  if (buckets === undefined) {
    buckets = new Map();
    bucketsByZone.set(timeZone, buckets);
  }
  let keys = buckets.get(bucket);
  if (keys === undefined) {
    if (buckets.size >= MAX_CACHED) buckets.clear();
    // Shared by every record of the bucket, so nobody may change it.
    keys = Object.freeze(computeKeys(bucket * BUCKET_MS, timeZone));
    buckets.set(bucket, keys);
  }
  last = { bucket, timeZone, keys };
  return keys;
}
