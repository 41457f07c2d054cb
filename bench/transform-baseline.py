"""Baseline for bench/transform.bench.ts: the transform as the original Python pipeline wrote it.

One regex over the combined format, base64 in and out, json.dumps per record, strptime for the
time and zoneinfo for the partition keys.
Usage: python3 bench/transform-baseline.py <event.json> [time_zone]
Loads the event, prints one JSON line (lines, line_bytes), then for each line "run N" on stdin transforms
the event N times and prints one JSON line with those passes' wall and CPU seconds together and the Ok
records of one, so the bench can take turns between this process and its own. Exits at the end of stdin.
"""
import base64
import json
import re
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

COMBINED = re.compile(
    r'^(?P<remote_addr>\S+) - (?P<remote_user>\S+) \[(?P<time_local>[^\]]+)\] '
    r'"(?P<request>[^"]*)" (?P<status>\d{3}) (?P<body_bytes_sent>\d+|-) '
    r'"(?P<http_referer>[^"]*)" "(?P<http_user_agent>[^"]*)"$'
)
REQUEST = re.compile(r'^(?P<method>[A-Z_-]+) (?P<uri>.+) (?P<protocol>HTTP/\d\.\d)$')


def make_handler(zone):
    def transform(record):
        line = base64.b64decode(record['data']).decode('utf-8').rstrip('\n')
        match = COMBINED.match(line)
        if match is None:
            return {'recordId': record['recordId'], 'result': 'ProcessingFailed', 'data': record['data']}
        fields = {k: (None if v == '-' else v) for k, v in match.groupdict().items()}
        when = datetime.strptime(match.group('time_local'), '%d/%b/%Y:%H:%M:%S %z')
        fields['time_local'] = when.isoformat()
        request = REQUEST.match(match.group('request'))
        fields['method'] = request.group('method') if request else None
        fields['uri'] = request.group('uri') if request else None
        fields['protocol'] = request.group('protocol') if request else None
        fields['status'] = int(fields['status'])
        if fields['body_bytes_sent'] is not None:
            fields['body_bytes_sent'] = int(fields['body_bytes_sent'])
        local = when.astimezone(zone)
        data = base64.b64encode((json.dumps(fields) + '\n').encode('utf-8')).decode('ascii')
        keys = {'year': f'{local.year:04d}', 'month': f'{local.month:02d}', 'day': f'{local.day:02d}', 'hour': f'{local.hour:02d}'}
        return {'recordId': record['recordId'], 'result': 'Ok', 'data': data, 'metadata': {'partitionKeys': keys}}

    def handler(event, context=None):
        return {'records': [transform(record) for record in event['records']]}

    return handler


def main():
    path = sys.argv[1]
    handler = make_handler(ZoneInfo(sys.argv[2] if len(sys.argv) > 2 else 'UTC'))
    with open(path, encoding='utf-8') as file:
        event = json.load(file)
    lines = len(event['records'])
    line_bytes = sum(len(base64.b64decode(r['data'])) for r in event['records'])
    print(json.dumps({'lines': lines, 'line_bytes': line_bytes}), flush=True)
    for command in sys.stdin:
        words = command.split()
        if len(words) != 2 or words[0] != 'run' or not words[1].isdigit():
            raise SystemExit(f'unknown command {command.strip()!r}')
        seconds = cpu_seconds = 0.0
        ok = 0
        for _ in range(int(words[1])):
            started, started_cpu = time.perf_counter(), time.process_time()
            result = handler(event)
            seconds += time.perf_counter() - started
            cpu_seconds += time.process_time() - started_cpu
            ok = sum(1 for r in result['records'] if r['result'] == 'Ok')
            # Freeing the answer is part of the pass, as collecting its garbage is on the Node side;
            # counting the Ok records is not.
            started, started_cpu = time.perf_counter(), time.process_time()
            del result
            seconds += time.perf_counter() - started
            cpu_seconds += time.process_time() - started_cpu
        print(json.dumps({'ok': ok, 'seconds': seconds, 'cpu_seconds': cpu_seconds}), flush=True)


if __name__ == '__main__':
    main()
