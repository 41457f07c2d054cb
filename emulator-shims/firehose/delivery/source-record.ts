/**
 * A record as it enters the delivery pipeline, from either source, and as it waits for the Lambda: the event is
 * written from its members (EventRecordInput), so the record read is the record sent, not copied into another.
 */
import type { Ticket } from './ticket.js';

export interface SourceRecord {
  data: Buffer;
  /** Emulator-clock arrival time, epoch ms. */
  arrivalMs: number;
  /** The Kinesis sequence number, or DirectPut's own counter: unique with subsequenceNumber; the Lambda recordId is made of both. */
  idBase: string;
  /** A KPL user record's index in its aggregate; 0 for any other record. */
  subsequenceNumber: number;
  /** The Lambda recordId's sub-index: subsequenceNumber × 1000, plus the part's index once Firehose's deaggregation split it. */
  subIndex: number;
  /** Kinesis source: the shard and the (user record's) partition key it was read with; undefined for DirectPut. */
  shardId: string | undefined;
  partitionKey: string | undefined;
  ticket: Ticket;
}
