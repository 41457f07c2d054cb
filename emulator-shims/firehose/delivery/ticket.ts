/**
 * Reference counting for at-least-once: a ticket is held by every copy of a source batch's records
 * (destination, backup, error output) and settles once all of them are written or dropped.
 */
export class Ticket {
  private holds = 1;
  private settled = false;

  constructor(private readonly onSettled: () => void = () => {}) {}

  hold(count = 1): void {
    this.holds += count;
  }

  release(): void {
    this.holds -= 1;
    if (this.holds === 0 && !this.settled) {
      this.settled = true;
      this.onSettled();
    }
  }

  get isSettled(): boolean {
    return this.settled;
  }
}

/**
 * Tickets that live as long as the module, one settled. Once every ticket of a stream is settled (all it
 * took in is written, as after a quiet spell), a full collection that reduces memory (V8's memory
 * reducer when the endpoint goes idle; bench/firehose's collection before each round) otherwise dropped
 * the class's object layout with its last instance, and with it the optimized code of every function on
 * the record path that checks for that layout; all of it was compiled again, on V8's worker threads,
 * when records came again (bench/firehose (1): ~100 ms of the worker threads' CPU a round, beside ~90 on
 * the main thread, until these were kept).
 */
export const LIVING_TICKETS: readonly Ticket[] = [new Ticket(), new Ticket()];
LIVING_TICKETS[0]!.hold();
LIVING_TICKETS[1]!.release();

/**
 * The batches read from one shard, in order. The checkpoint advances to a batch's last sequence
 * number only when that batch and every earlier one are settled.
 */
export class ShardProgress {
  private readonly batches: { lastSequenceNumber: string; ticket: Ticket }[] = [];

  constructor(public checkpoint: string | undefined, private readonly onAdvance: (sequenceNumber: string) => void) {}

  /** A ticket for a batch ending at `lastSequenceNumber`; release it once dispatch is done. */
  openBatch(lastSequenceNumber: string): Ticket {
    const ticket = new Ticket(() => this.advance());
    this.batches.push({ lastSequenceNumber, ticket });
    return ticket;
  }

  get pending(): number {
    return this.batches.length;
  }

  private advance(): void {
    let moved: string | undefined;
    while (this.batches[0]?.ticket.isSettled) moved = (this.batches.shift() as { lastSequenceNumber: string }).lastSequenceNumber;
    if (moved !== undefined) {
      this.checkpoint = moved;
      this.onAdvance(moved);
    }
  }
}
