import test from 'ava';
import { objectExtension, objectKey } from '../../../emulator-shims/firehose/object-name.js';

test('objectKey is <prefix><stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid><ext>', (t) => {
  t.is(objectKey({
    prefix: '2018/08/27/10/', deliveryStreamName: 'my-stream', versionId: 1, timestampMs: Date.parse('2018-08-27T10:30:12Z'),
    timeZone: 'UTC', uuid: '4c2f8c8e-9b1f-4b4e-8d35-1a2b3c4d5e6f', extension: '',
  }), '2018/08/27/10/my-stream-1-2018-08-27-10-30-12-4c2f8c8e-9b1f-4b4e-8d35-1a2b3c4d5e6f');
});

test('objectKey applies CustomTimeZone to the suffix timestamp', (t) => {
  t.regex(objectKey({ prefix: '', deliveryStreamName: 's', versionId: 3, timestampMs: Date.parse('2018-08-27T20:00:00Z'), timeZone: 'Asia/Tokyo', uuid: 'u', extension: '.gz' }),
    /^s-3-2018-08-28-05-00-00-u\.gz$/);
});

const extension = test.macro({
  exec(t, compression: Parameters<typeof objectExtension>[0], fileExtension: string | undefined, expected: string) {
    t.is(objectExtension(compression, fileExtension), expected);
  },
  title: (_provided = '', compression: string, fileExtension: string | undefined, expected: string) =>
    `objectExtension for ${compression} with FileExtension ${JSON.stringify(fileExtension)} is ${JSON.stringify(expected)}`,
});
test(extension, 'UNCOMPRESSED', undefined, '');
test(extension, 'GZIP', undefined, '.gz');
test(extension, 'ZIP', undefined, '.zip');
test(extension, 'Snappy', undefined, '.snappy');
test(extension, 'HADOOP_SNAPPY', undefined, '.hsnappy');
test(extension, 'GZIP', '.json.gz', '.json.gz');
test(extension, 'GZIP', '', '.gz');
