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
