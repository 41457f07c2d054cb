/** A record as it enters the delivery pipeline, from either source. */
import type { KinesisRecordMetadata } from '../lambda-event.js';
import type { Ticket } from './ticket.js';

export interface SourceRecord {
  data: Buffer;
  /** Emulator-clock arrival time, epoch ms. */
  arrivalMs: number;
  kinesis?: KinesisRecordMetadata;
  /** Unique per record within the stream; the Lambda recordId is derived from it. */
  idBase: string;
  ticket: Ticket;
}
