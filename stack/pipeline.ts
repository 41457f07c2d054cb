import type { PipelineConfig, ResourceNames } from '../provision/index.js';
import type { HostPath } from './drain.js';

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
  restartAgent(): Promise<void>;
  killAgent(): Promise<void>;
  startAgent(): Promise<void>;
  restartEndpoint(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}
