import type { DescribeStreamSummaryInput, DescribeStreamSummaryOutput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream } from '../context.js';
import { describeSummary } from '../describe.js';
import { STREAM_MEMBERS } from '../shapes.js';

export const describeStreamSummary = defineOperation<DescribeStreamSummaryInput, DescribeStreamSummaryOutput>({
  name: 'DescribeStreamSummary',
  members: STREAM_MEMBERS,
  run: (input, context) => ({ StreamDescriptionSummary: describeSummary(findStream(context, input)) }),
});
