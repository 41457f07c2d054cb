/** One resource's planned change: what `plan` prints and `apply` carries out. */
export type ResourceKind = 'bucket' | 'logGroup' | 'role' | 'stream' | 'layer' | 'function' | 'deliveryStream';
/** `replace` marks a change AWS cannot make in place: destroy then deploy. */
export type ChangeAction = 'create' | 'update' | 'replace' | 'none';

export interface Change {
  resource: ResourceKind;
  name: string;
  action: ChangeAction;
  /** Human-readable reasons, one per differing setting. */
  details: string[];
  /** For a layer left as it is: the version the function uses. */
  layerVersionArn?: string;
  /** For updates: which in-place calls apply it. */
  update?: {
    code?: boolean;
    configuration?: boolean;
    retentionHours?: number;
    shards?: number;
    mode?: boolean;
    encryption?: boolean;
    trust?: boolean;
    policy?: boolean;
    retentionDays?: boolean;
    bucketSettings?: ('encryption' | 'publicAccessBlock' | 'ownership' | 'policy' | 'lifecycle')[];
  };
}
