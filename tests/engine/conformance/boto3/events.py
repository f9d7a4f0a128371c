"""Checks the engine's SQS and EventBridge against AWS's documented behaviour with boto3 (Debian's, which
speaks SQS's query protocol), and the status events the engine emits for Step Functions executions.

Run by tests/engine/conformance/boto3-events.test.ts against a real engine: `--list` prints the checks as
JSON; otherwise every check runs and prints one JSON line with its result. Environment: FERRY_ENDPOINT,
FERRY_ROLE_ARN, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION.
"""

import hashlib
import json
import os
import sys
import threading
import time
import traceback

CHECKS = []
ACCOUNT = "000000000000"


def check(doc):
    def register(fn):
        CHECKS.append({"name": fn.__name__, "doc": doc, "run": fn})
        return fn

    return register


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def error_of(call, *args, **kwargs):
    from botocore.exceptions import ClientError

    try:
        call(*args, **kwargs)
    except ClientError as error:
        return error.response["Error"].get("Code"), error.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError(f"{getattr(call, '__name__', call)} succeeded; an error was expected")


class Env:
    def __init__(self):
        import boto3
        from botocore.config import Config

        endpoint = os.environ["FERRY_ENDPOINT"]
        config = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60)
        self.sqs = boto3.client("sqs", endpoint_url=endpoint, config=config)
        self.events = boto3.client("events", endpoint_url=endpoint, config=config)
        self.sfn = boto3.client("stepfunctions", endpoint_url=endpoint, config=config)
        self.role = os.environ["FERRY_ROLE_ARN"]
        self.run = format(int(time.time() * 1000), "x")
        self.counter = 0

    def name(self, prefix):
        self.counter += 1
        return f"{prefix}-{self.run}-{self.counter}"

    def queue(self, prefix, **attributes):
        name = self.name(prefix)
        url = self.sqs.create_queue(QueueName=name, Attributes={k: str(v) for k, v in attributes.items()})["QueueUrl"]
        return name, url

    def subscribe(self, prefix, pattern):
        """A queue receiving `pattern`'s events through a rule of the same name, with the policy AWS requires."""
        name, url = self.queue(prefix)
        queue_arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:{name}"
        rule_arn = self.events.put_rule(Name=name, EventPattern=json.dumps(pattern))["RuleArn"]
        policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}}}]}
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})
        self.events.put_targets(Rule=name, Targets=[{"Id": "queue", "Arn": queue_arn}])
        return url

    def drain(self, url, count, timeout=20):
        bodies = []
        deadline = time.time() + timeout
        while len(bodies) < count and time.time() < deadline:
            for message in self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
                bodies.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        return bodies


# ---------------------------------------------------------------- SQS


@check("SQS API Reference: CreateQueue (idempotent; QueueAlreadyExists for other attributes), GetQueueUrl, ListQueues, DeleteQueue")
def sqs_queue_life(env):
    name, url = env.queue("life", VisibilityTimeout=40)
    expect(env.sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "40"})["QueueUrl"] == url, "idempotent")
    expect(error_of(env.sqs.create_queue, QueueName=name, Attributes={"VisibilityTimeout": "41"})[0] == "QueueAlreadyExists", "conflict")
    expect(env.sqs.get_queue_url(QueueName=name)["QueueUrl"] == url, "get_queue_url")
    expect(env.sqs.list_queues(QueueNamePrefix=name)["QueueUrls"] == [url], "list_queues")
    env.sqs.delete_queue(QueueUrl=url)
    expect(error_of(env.sqs.get_queue_url, QueueName=name) == ("AWS.SimpleQueueService.NonExistentQueue", 400), "deleted")


@check("SQS API Reference: SetQueueAttributes / GetQueueAttributes (Policy, VisibilityTimeout, MessageRetentionPeriod, ReceiveMessageWaitTimeSeconds; InvalidAttributeValue)")
def sqs_attributes(env):
    _, url = env.queue("attributes")
    policy = json.dumps({"Version": "2012-10-17", "Statement": []})
    env.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy, "VisibilityTimeout": "7", "MessageRetentionPeriod": "120", "ReceiveMessageWaitTimeSeconds": "3"})
    got = env.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    expect(got["Policy"] == policy and got["VisibilityTimeout"] == "7" and got["MessageRetentionPeriod"] == "120" and got["ReceiveMessageWaitTimeSeconds"] == "3", got)
    expect(got["QueueArn"].endswith(url.rsplit("/", 1)[1]), got["QueueArn"])
    expect(error_of(env.sqs.set_queue_attributes, QueueUrl=url, Attributes={"VisibilityTimeout": "50000"})[0] == "InvalidAttributeValue", "range")


@check("SQS API Reference: SendMessage / ReceiveMessage (MD5OfBody, ApproximateReceiveCount, VisibilityTimeout)")
def sqs_send_receive(env):
    _, url = env.queue("messages")
    body = "caf\u00e9 & <tags> \"quoted\""
    sent = env.sqs.send_message(QueueUrl=url, MessageBody=body)
    expect(sent["MD5OfMessageBody"] == hashlib.md5(body.encode()).hexdigest(), "MD5OfMessageBody")
    first = env.sqs.receive_message(QueueUrl=url, VisibilityTimeout=1, AttributeNames=["All"])["Messages"][0]
    expect(first["Body"] == body and first["MD5OfBody"] == sent["MD5OfMessageBody"], first)
    expect(first["Attributes"]["ApproximateReceiveCount"] == "1", first["Attributes"])
    expect("Messages" not in env.sqs.receive_message(QueueUrl=url), "invisible")
    time.sleep(1.2)
    again = env.sqs.receive_message(QueueUrl=url, AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
    expect(again["Attributes"]["ApproximateReceiveCount"] == "2", again["Attributes"])


@check("SQS Developer Guide: 'Amazon SQS short and long polling' (a long poll returns as soon as a message arrives)")
def sqs_long_polling(env):
    _, url = env.queue("long-poll")
    threading.Timer(0.4, lambda: env.sqs.send_message(QueueUrl=url, MessageBody="late")).start()
    started = time.time()
    got = env.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=10).get("Messages", [])
    elapsed = time.time() - started
    expect(len(got) == 1 and got[0]["Body"] == "late", got)
    expect(0.3 < elapsed < 3, f"answered after {elapsed:.2f} s")


@check("SQS API Reference: DeleteMessage (only the latest receipt handle deletes), DeleteMessageBatch, ChangeMessageVisibility, ReceiptHandleIsInvalid")
def sqs_receipts(env):
    _, url = env.queue("receipts")
    env.sqs.send_message(QueueUrl=url, MessageBody="m")
    old = env.sqs.receive_message(QueueUrl=url, VisibilityTimeout=30)["Messages"][0]["ReceiptHandle"]
    env.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=old, VisibilityTimeout=0)
    new = env.sqs.receive_message(QueueUrl=url, VisibilityTimeout=30)["Messages"][0]["ReceiptHandle"]
    env.sqs.delete_message(QueueUrl=url, ReceiptHandle=old)
    expect(env.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "1", "stale handle deleted nothing")
    answer = env.sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": "new", "ReceiptHandle": new}, {"Id": "bad", "ReceiptHandle": "garbage"}])
    expect([e["Id"] for e in answer["Successful"]] == ["new"] and answer["Failed"][0]["Code"] == "ReceiptHandleIsInvalid", answer)
    expect(error_of(env.sqs.delete_message, QueueUrl=url, ReceiptHandle="garbage")[0] == "ReceiptHandleIsInvalid", "invalid")


@check("SQS API Reference: PurgeQueue (empties the queue; AWS.SimpleQueueService.PurgeQueueInProgress within 60 s)")
def sqs_purge(env):
    _, url = env.queue("purge")
    env.sqs.send_message(QueueUrl=url, MessageBody="x")
    env.sqs.purge_queue(QueueUrl=url)
    expect("Messages" not in env.sqs.receive_message(QueueUrl=url), "purged")
    expect(error_of(env.sqs.purge_queue, QueueUrl=url)[0] == "AWS.SimpleQueueService.PurgeQueueInProgress", "once a minute")


# ---------------------------------------------------------------- EventBridge


@check("EventBridge API Reference: PutRule, DescribeRule, ListRules, PutTargets, ListTargetsByRule, RemoveTargets, DeleteRule (ValidationException while it has targets)")
def events_rules(env):
    name = env.name("rule")
    arn = env.events.put_rule(Name=name, EventPattern=json.dumps({"source": ["a"]}), Description="d")["RuleArn"]
    expect(arn == f"arn:aws:events:us-east-1:{ACCOUNT}:rule/{name}", arn)
    described = env.events.describe_rule(Name=name)
    expect(described["State"] == "ENABLED" and described["EventBusName"] == "default" and json.loads(described["EventPattern"]) == {"source": ["a"]}, described)
    expect([r["Name"] for r in env.events.list_rules(NamePrefix=name)["Rules"]] == [name], "list_rules")
    env.events.put_targets(Rule=name, Targets=[{"Id": "t", "Arn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:q"}])
    expect(env.events.list_targets_by_rule(Rule=name)["Targets"] == [{"Id": "t", "Arn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:q"}], "targets")
    expect(error_of(env.events.delete_rule, Name=name)[0] == "ValidationException", "has targets")
    env.events.remove_targets(Rule=name, Ids=["t"])
    env.events.delete_rule(Name=name)
    expect(error_of(env.events.describe_rule, Name=name)[0] == "ResourceNotFoundException", "deleted")


@check("EventBridge User Guide: 'Event patterns' (prefix, anything-but, exists; InvalidEventPatternException)")
def events_patterns(env):
    url = env.subscribe("patterns", {"source": ["orders"], "detail": {"sku": [{"prefix": "AB"}], "state": [{"anything-but": "void"}], "coupon": [{"exists": False}]}})
    for detail in ({"sku": "AB1", "state": "paid"}, {"sku": "XY", "state": "paid"}, {"sku": "AB2", "state": "void"}, {"sku": "AB3", "state": "paid", "coupon": 1}):
        env.events.put_events(Entries=[{"Source": "orders", "DetailType": "Order", "Detail": json.dumps(detail)}])
    bodies = env.drain(url, 1, timeout=3)
    expect([b["detail"]["sku"] for b in bodies] == ["AB1"], bodies)
    expect(error_of(env.events.put_rule, Name=env.name("bad"), EventPattern='{"source": "orders"}')[0] == "InvalidEventPatternException", "invalid")


@check("EventBridge API Reference: PutEvents (NotAuthorizedForSourceException for aws.* sources)")
def events_put_events_aws_source(env):
    answer = env.events.put_events(Entries=[{"Source": "aws.states", "DetailType": "Step Functions Execution Status Change", "Detail": "{}"}])
    expect(answer["FailedEntryCount"] == 1 and answer["Entries"][0]["ErrorCode"] == "NotAuthorizedForSourceException", answer)


@check("Step Functions Developer Guide: 'Step Functions execution status change events' (RUNNING then SUCCEEDED, detail as DescribeExecution)")
def events_step_functions(env):
    url = env.subscribe("states", {"source": ["aws.states"], "detail-type": ["Step Functions Execution Status Change"]})
    machine = env.sfn.create_state_machine(name=env.name("sm"), definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}), roleArn=env.role)["stateMachineArn"]
    execution = env.sfn.start_execution(stateMachineArn=machine, input='{"x": 1}')["executionArn"]
    bodies = env.drain(url, 2)
    expect(sorted(b["detail"]["status"] for b in bodies) == ["RUNNING", "SUCCEEDED"], bodies)
    done = next(b for b in bodies if b["detail"]["status"] == "SUCCEEDED")
    expect(set(done) == {"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"}, sorted(done))
    expect(done["resources"] == [execution] and done["account"] == ACCOUNT and done["region"] == "us-east-1", done)
    detail = done["detail"]
    expect(detail["executionArn"] == execution and detail["stateMachineArn"] == machine and detail["input"] == '{"x": 1}', detail)
    expect(isinstance(detail["startDate"], int) and isinstance(detail["stopDate"], int) and detail["error"] is None and detail["outputDetails"] == {"included": True}, detail)


def main():
    if sys.argv[1:] == ["--list"]:
        print(json.dumps([{"name": c["name"], "doc": c["doc"]} for c in CHECKS]))
        return 0
    env = Env()
    for entry in CHECKS:
        started = time.time()
        try:
            entry["run"](env)
            result = {"ok": True}
        except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the suite
            result = {"ok": False, "error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc(limit=3)}
        print(json.dumps({"name": entry["name"], "doc": entry["doc"], "seconds": round(time.time() - started, 2), **result}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
