"""Prints, as one JSON line, the error code and message boto3 reports for each DynamoDB error kind the emulator sends.

Usage: python3 ddb_errors.py <endpoint> <table-with-pk-S-and-sk-S>
"""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, table = sys.argv[1], sys.argv[2]
kwargs = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
ddb = boto3.client("dynamodb", config=Config(retries={"max_attempts": 1}), **kwargs)
# no client-side validation, so that wrong types reach the server as a hand-written request would
raw = boto3.client("dynamodb", config=Config(retries={"max_attempts": 1}, parameter_validation=False), **kwargs)

key = {"pk": {"S": "errors"}, "sk": {"S": "1"}}


def code(call):
    try:
        call()
        return {"code": None}
    except ClientError as e:
        out = {"code": e.response["Error"]["Code"], "message": e.response["Error"].get("Message", ""),
               "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
        if "CancellationReasons" in e.response:
            out["reasons"] = [r.get("Code") for r in e.response["CancellationReasons"]]
        return out


ddb.put_item(TableName=table, Item=key)
result = {
    "validation": code(lambda: ddb.describe_table(TableName="a;")),
    "serialization": code(lambda: raw.scan(TableName=table, Limit="5")),
    "unknownOperation": code(lambda: ddb.describe_limits()),
    "resourceNotFound": code(lambda: ddb.get_item(TableName="no-such-table", Key=key)),
    "conditionalCheckFailed": code(lambda: ddb.put_item(TableName=table, Item=key,
                                                        ConditionExpression="attribute_not_exists(pk)")),
    "transactionCanceled": code(lambda: ddb.transact_write_items(TransactItems=[
        {"ConditionCheck": {"TableName": table, "Key": key, "ConditionExpression": "attribute_not_exists(pk)"}}])),
}
print(json.dumps(result))
