"""Runs EC2 (and ELBv2) calls through boto3 for test/support/api-replay-clients.ts.

One process serves every call of a test file: starting Python and importing boto3 costs about
half a second, a call a few milliseconds. The protocol is one JSON object per line each way:

  in:  {"id": 7, "endpoint": "http://127.0.0.1:4566", "accessKeyId": "AKID...",
        "region": "eu-west-1", "action": "CreateVpc", "params": {"CidrBlock": "10.0.0.0/16"}}
       ("service": "elbv2" sends an Elastic Load Balancing v2 action; EC2 is the default)
  out: {"id": 7, "ok": true, "value": {"Vpc": {...}}}
       {"id": 7, "ok": false, "code": "InvalidVpcID.NotFound", "message": "..."}

Timestamps come back as ISO 8601 text, as the AWS CLI prints them.
"""

import json
import sys

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

# No retries: a failed call must fail the test, not be retried into a different state.
CONFIG = Config(retries={"total_max_attempts": 1}, parameter_validation=True)
# One session: its loader parses EC2's service model (a few MB of JSON) once for every client.
SESSION = boto3.session.Session()
clients = {}


def client_for(request):
    service = request.get("service", "ec2")
    key = (service, request["endpoint"], request["accessKeyId"], request["region"])
    if key not in clients:
        clients[key] = SESSION.client(
            service,
            endpoint_url=request["endpoint"],
            region_name=request["region"],
            aws_access_key_id=request["accessKeyId"],
            aws_secret_access_key="secret",
            config=CONFIG,
        )
    return clients[key]


def iso(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def answer(request):
    method = getattr(client_for(request), xform_name(request["action"]))
    try:
        value = method(**request["params"])
    except ClientError as e:
        error = e.response.get("Error", {})
        return {"ok": False, "code": error.get("Code", ""), "message": error.get("Message", "")}
    value.pop("ResponseMetadata", None)
    return {"ok": True, "value": value}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            out = answer(request)
        except Exception as e:  # a client-side failure (bad parameter): report, keep serving
            out = {"ok": False, "code": "Boto3ClientError", "message": f"{type(e).__name__}: {e}"}
        out["id"] = request["id"]
        sys.stdout.write(json.dumps(out, default=iso) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
