# A team's own Firehose transform, as scenarios/team-python-transform.scenario.yaml runs it: the parser
# comes from a layer (layers/access-log), boto3 from the runtime. Each parsed line is written as the
# function's own object and returned as JSON; health checks are Dropped; a line that does not parse
# comes back ProcessingFailed, so Firehose puts it under the error prefix.
import base64
import json
import os

import boto3
from access_log import parse_line

s3 = boto3.resource("s3")


def lambda_handler(event, context):
    bucket = os.environ["OUTPUT_BUCKET"]
    prefix = os.environ.get("OUTPUT_PREFIX", "team/parsed/")
    output = []
    for record in event["records"]:
        line = base64.b64decode(record["data"]).decode("utf-8", errors="replace").rstrip("\n")
        fields = parse_line(line)
        if fields is None:
            output.append({"recordId": record["recordId"], "result": "ProcessingFailed", "data": record["data"]})
            continue
        if fields["uri"] == "/health":
            output.append({"recordId": record["recordId"], "result": "Dropped", "data": record["data"]})
            continue
        body = json.dumps(fields, sort_keys=True)
        s3.Object(bucket, prefix + record["recordId"] + ".json").put(Body=body.encode("utf-8"))
        data = base64.b64encode((body + "\n").encode("utf-8")).decode("ascii")
        output.append({"recordId": record["recordId"], "result": "Ok", "data": data})
    return {"records": output}
