import test from 'ava';
import { formatErrorRecord } from '../../../emulator-shims/firehose/error-record.js';

test('an error record is one newline-terminated JSON line with the captured member order and lambdaARN', (t) => {
  const line = formatErrorRecord({
    rawData: Buffer.from('raw'), errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'ProcessingFailed status set for record',
    attemptsMade: 1, arrivalTimestamp: 1789014240448, attemptEndingTimestamp: 1789014301529, lambdaArn: 'arn:aws:lambda:us-west-2:123456789012:function:fn',
  });
  t.is(line, '{"rawData":"cmF3","errorCode":"Lambda.ProcessingFailedStatus","errorMessage":"ProcessingFailed status set for record","attemptsMade":1,"arrivalTimestamp":1789014240448,"attemptEndingTimestamp":1789014301529,"lambdaARN":"arn:aws:lambda:us-west-2:123456789012:function:fn"}\n');
});
