/** Per-stream counters under CloudWatch's metric names (reference §13). */
export type MetricName =
  | 'IncomingBytes' | 'IncomingRecords' | 'IncomingPutRequests'
  | 'DataReadFromKinesisStream.Bytes' | 'DataReadFromKinesisStream.Records' | 'KinesisMillisBehindLatest'
  | 'DeliveryToS3.Bytes' | 'DeliveryToS3.Records' | 'DeliveryToS3.Success' | 'DeliveryToS3.DataFreshness' | 'DeliveryToS3.ObjectCount'
  | 'BackupToS3.Bytes' | 'BackupToS3.Records' | 'BackupToS3.Success' | 'BackupToS3.DataFreshness'
  | 'ExecuteProcessing.Duration' | 'ExecuteProcessing.Success' | 'SucceedProcessing.Records' | 'SucceedProcessing.Bytes'
  | 'PartitionCount' | 'PartitionCountExceeded' | 'JQProcessing.Duration';

/** Counters plus the ratio metrics (successes ÷ attempts), computed when read. */
export class StreamMetrics {
  private readonly counters = new Map<string, number>();

  add(name: string, value = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + value);
  }

  set(name: MetricName, value: number): void {
    this.counters.set(name, value);
  }

  get(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  /** Starts from counters saved at a clean stop (`raw()`), so the figures run on across a restart. */
  restore(counters: Record<string, number>): void {
    for (const [name, value] of Object.entries(counters)) this.counters.set(name, value);
  }

  /** Every counter, the internal `_` ones too (attempts, failures, drops), for the pipeline view. */
  raw(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }

  snapshot(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const [name, value] of this.counters) if (!name.startsWith('_')) result[name] = value;
    // Not a metric Firehose publishes: hosepipe's own count of records the transform answered Dropped, so the
    // audit can account for a team's function's lines (it cannot run that function again to predict them).
    if (this.get('_dropped') > 0) result['Dropped.Records'] = this.get('_dropped');
    const ratio = (ok: string, all: string): number | undefined => (this.get(all) === 0 ? undefined : this.get(ok) / this.get(all));
    const pairs: [MetricName, string, string][] = [
      ['DeliveryToS3.Success', '_s3.ok', '_s3.all'],
      ['BackupToS3.Success', '_backup.ok', '_backup.all'],
      ['ExecuteProcessing.Success', '_lambda.ok', '_lambda.all'],
    ];
    for (const [name, ok, all] of pairs) {
      const value = ratio(ok, all);
      if (value !== undefined) result[name] = value;
    }
    return result;
  }
}
