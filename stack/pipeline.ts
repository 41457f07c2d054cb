import type { S3Client } from '@aws-sdk/client-s3';
import type { PipelineConfig, ResourceNames } from '../provision/index.js';
import type { HostPath } from './drain.js';

/** Firehose's buffer intervals as the delivery stream states them, in seconds. */
export interface BufferIntervals {
  /** The destination's BufferingHints.IntervalInSeconds. */
  destination: number;
  /** The Lambda processor's BufferIntervalInSeconds; null without a processor. */
  processor: number | null;
  /** The S3 backup's BufferingHints.IntervalInSeconds; null without a backup. */
  backup: number | null;
}

/**
 * A pipeline whose endpoint has no hosepipe admin API (AWS, or the local endpoint standing in for it): no
 * flush, clock, faults, metrics or endpoint restart. What the scenario runner uses instead.
 */
export interface WithoutAdmin {
  /** Why, in a few words: "the target is AWS", "the endpoint's admin API is off". */
  readonly reason: string;
  /** A new S3 client reading the pipeline's bucket with the caller's credentials (the caller destroys it). */
  s3(): S3Client;
  /** How long Firehose holds records before it writes them, from the delivery stream's configuration. */
  readonly intervals: BufferIntervals;
}

/**
 * What the scenario runner uses of a running pipeline, whichever way it runs: processes on this
 * machine (startStack) or a compose project (startComposeStack).
 */
export interface RunningPipeline {
  /** How it runs: provisioned from hosepipe.yaml here or in compose, a Terraform root applied to the local endpoint, or a deployment on AWS. */
  readonly kind?: 'embedded' | 'compose' | 'terraform' | 'aws';
  readonly config: PipelineConfig;
  readonly stateDir: string;
  readonly endpoint: { readonly url: string };
  readonly nginx: {
    readonly url: string;
    /** On this machine, whichever way nginx runs. */
    readonly accessLog: string;
    reopen(): Promise<void>;
    /** An nginx process here: its pid, so steps can pause its process tree. */
    readonly pid?: number;
    /** An nginx container: pauses it; resolves to what resumes it. */
    pause?(): Promise<() => Promise<void>>;
  };
  readonly agent: { readonly statusUrl: string | undefined };
  readonly names: ResourceNames;
  readonly prefixes: { success: string; error: string; backup: string | null };
  /** Where a file the agent names is on this machine (the agent may run in a container). */
  readonly onHost?: HostPath;
  /** Set when the endpoint has no admin API: the runner then waits for Firehose's own intervals and uses no admin hooks. */
  readonly withoutAdmin?: WithoutAdmin;
  restartAgent(): Promise<void>;
  killAgent(): Promise<void>;
  startAgent(): Promise<void>;
  restartEndpoint(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}
