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

/** The controls every running pipeline gives over its agent and endpoint, whichever way it runs. */
export interface PipelineControls {
  /** Stops the agent (it drains and writes its checkpoint) and starts it again. */
  restartAgent(): Promise<void>;
  /** SIGKILL: no drain, no checkpoint write; what was in flight is resent after startAgent(). */
  killAgent(): Promise<void>;
  /** Starts the agent again after killAgent() (or its own exit); a no-op while one runs. */
  startAgent(): Promise<void>;
  /** Closes the endpoint (Firehose drains), waits `downMs`, and starts it again on the same port and state folder. */
  restartEndpoint(downMs?: number): Promise<void>;
}

/**
 * What the scenario runner uses of a running pipeline, whichever way it runs: processes on this
 * machine (startStack) or a compose project (startComposeStack).
 */
export interface RunningPipeline extends PipelineControls {
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
  stop(): Promise<void>;
}
