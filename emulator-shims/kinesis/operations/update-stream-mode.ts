import type { UpdateStreamModeInput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream, requireActive } from '../context.js';
import { required, STREAM_ARN, STREAM_MODE_DETAILS } from '../shapes.js';
import { startUpdate } from './reshard-rules.js';

/** The mode changes; the shards stay as they are (an on-demand stream does not scale locally). */
export const updateStreamMode = defineOperation<UpdateStreamModeInput, void>({
  name: 'UpdateStreamMode',
  members: { StreamARN: required(STREAM_ARN), StreamModeDetails: required(STREAM_MODE_DETAILS) },
  run(input, context) {
    const stream = requireActive(findStream(context, input));
    stream.settings.mode = input.StreamModeDetails!.StreamMode!;
    startUpdate(context, stream);
  },
});
