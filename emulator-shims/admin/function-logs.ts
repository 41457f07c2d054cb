/** The function's latest CloudWatch log lines (START / END / REPORT and its own prints), newest last. */
import { DescribeLogStreamsCommand, GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LogLine } from './types.js';

export const LOG_LINES_SHOWN = 40;
/** Log streams read: each warm instance writes its own, so the newest few hold the latest lines. */
const STREAMS_READ = 3;
const LINE_CHARS = 2_000;

export async function latestLogLines(logs: CloudWatchLogsClient, logGroupName: string): Promise<LogLine[]> {
  try {
    const { logStreams = [] } = await logs.send(new DescribeLogStreamsCommand({ logGroupName, orderBy: 'LastEventTime', descending: true, limit: STREAMS_READ }));
    const pages = await Promise.all(logStreams.map((stream) => logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: stream.logStreamName, limit: LOG_LINES_SHOWN, startFromHead: false }))));
    return pages
      .flatMap((page) => page.events ?? [])
      .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || (a.ingestionTime ?? 0) - (b.ingestionTime ?? 0))
      .slice(-LOG_LINES_SHOWN)
      .map((event) => ({ timestamp: new Date(event.timestamp ?? 0).toISOString(), message: (event.message ?? '').replace(/\n$/, '').slice(0, LINE_CHARS) }));
  } catch {
    // No log group yet (the function has not run): no lines.
    return [];
  }
}
