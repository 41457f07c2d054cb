/**
 * The endpoint's background work gives way to producers' puts. Firehose's delivery (reading its Kinesis source,
 * building Lambda events, checking answers, placing records) runs on the same thread as the API; a producer's
 * PutRecords waited behind each of its steps, and a producer that keeps a few calls in flight (the agent) sent
 * only as fast as those waits let it. Delivery is buffered for seconds anyway: between its steps it now waits
 * while puts keep arriving, up to GIVE_WAY_MAX_MS a step, so it still moves on under a steady stream of them.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/** A put within this long means more may be on their way: a step waits. */
export const PUT_QUIET_MS = 2;
/** The longest a step waits for a pause in the puts. */
export const GIVE_WAY_MAX_MS = 10;

/** What ProducerPuts waits on; performance.now and a timer by default, a test's own in tests. */
export interface PutsTiming {
  now(): number;
  pause(ms: number): Promise<unknown>;
}

const REAL_TIMING: PutsTiming = { now: () => performance.now(), pause: (ms) => sleep(ms) };

/** One endpoint's producer puts (its Kinesis service's PutRecord and PutRecords), which its Firehose delivery gives way to. */
export class ProducerPuts {
  private lastPutAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly timing: PutsTiming = REAL_TIMING) {}

  /** A producer's put is being handled. */
  note(): void {
    this.lastPutAt = this.timing.now();
  }

  /** Resolves at the next turn of the event loop once no put came for PUT_QUIET_MS, or after GIVE_WAY_MAX_MS. */
  async giveWay(): Promise<void> {
    await nextTurn();
    const { timing } = this;
    const started = timing.now();
    for (let now = started; now - this.lastPutAt < PUT_QUIET_MS && now - started < GIVE_WAY_MAX_MS; now = timing.now()) await timing.pause(1);
  }
}
