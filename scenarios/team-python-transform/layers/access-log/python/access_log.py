# The team's access-log parser, shipped as a Lambda layer (python/ at the layer's top, so Lambda puts it on
# sys.path). Only the layer provides it: the function's own folder does not.
import re

LINE = re.compile(
    r'^(?P<remote_addr>\S+) - (?P<remote_user>\S+) \[(?P<time_local>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<uri>[^ "?]+)(?:\?(?P<query>[^ "]*))? (?P<protocol>HTTP/[0-9.]+)" '
    r'(?P<status>\d{3}) (?P<body_bytes_sent>\d+)'
)


def parse_line(line):
    match = LINE.match(line)
    if match is None:
        return None
    fields = match.groupdict()
    fields["status"] = int(fields["status"])
    fields["body_bytes_sent"] = int(fields["body_bytes_sent"])
    fields["parsed_by"] = "access-log-layer"
    return fields
