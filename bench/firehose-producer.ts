/**
 * The producer side of bench/firehose, in a process of its own as a real producer would be (in the
 * endpoint's process, the SDK's serialising and signing took the endpoint's CPU). It builds the
 * records and clients, prints `ready`, and on a line on stdin sends them with PutRecordBatch
 * (Firehose) or PutRecords (Kinesis), `putters` calls in flight, resending only failed entries; then
 * it prints its CPU seconds for the sending and the bytes of the records as JSON, and exits 0.
 * Run by bench/firehose.bench.ts: node --import tsx bench/firehose-producer.ts '<json options>'
 */
import { FirehoseClient, PutRecordBatchCommand, type PutRecordBatchCommandOutput } from '@aws-sdk/client-firehose';
import { KinesisClient, PutRecordsCommand, type PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createInterface } from 'node:readline';
import { LOCAL_CREDENTIALS } from '../emulator-shims/edge/clients.js';
import { batches, fixedRecords, inParallel, logRecords, totalBytes } from './firehose-records.js';

export interface ProducerOptions {
  endpoint: string;
  region: string;
  target: { kind: 'firehose'; deliveryStream: string } | { kind: 'kinesis'; stream: string };
  records: { kind: 'fixed' | 'log'; count: number };
  batch: number;
  putters: number;
}

/** Builds the records and the sender: how many bytes the records hold, and a function that sends them all. */
function prepare(options: ProducerOptions): { bytes: number; sendAll: () => Promise<void> } {
  const records = options.records.kind === 'fixed' ? fixedRecords(options.records.count) : logRecords(options.records.count);
  const common = { endpoint: options.endpoint, region: options.region, credentials: LOCAL_CREDENTIALS, requestHandler: new NodeHttpHandler({ requestTimeout: 120_000 }), maxAttempts: 1 };
  const { target } = options;
  const send = target.kind === 'firehose'
    ? (() => {
      const client = new FirehoseClient(common);
      return async (entries: Buffer[]) => {
        const answer: PutRecordBatchCommandOutput = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: target.deliveryStream, Records: entries.map((Data) => ({ Data })) }));
        return entries.filter((_, index) => answer.RequestResponses?.[index]?.ErrorCode !== undefined);
      };
    })()
    : (() => {
      const client = new KinesisClient(common);
      return async (entries: Buffer[]) => {
        const answer: PutRecordsCommandOutput = await client.send(new PutRecordsCommand({ StreamName: target.stream, Records: entries.map((Data, index) => ({ Data, PartitionKey: String(index) })) }));
        return entries.filter((_, index) => answer.Records?.[index]?.ErrorCode !== undefined);
      };
    })();
  const sendAll = () => inParallel(batches(records, options.batch), options.putters, async (batch) => {
    let entries = batch;
    while (entries.length > 0) entries = await send(entries);
  });
  return { bytes: totalBytes(records), sendAll };
}

const { bytes, sendAll } = prepare(JSON.parse(process.argv[2] ?? '') as ProducerOptions);
const lines = createInterface({ input: process.stdin });
console.log('ready');
for await (const _go of lines) break;
const before = process.cpuUsage();
await sendAll();
const usage = process.cpuUsage(before);
console.log(JSON.stringify({ cpuSeconds: (usage.user + usage.system) / 1e6, bytes }));
lines.close();
