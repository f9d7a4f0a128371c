"""Checks the embedded engine against AWS's documented behaviour with boto3, as an AWS user would.

Each check names the AWS document it follows. Run by tests/engine/conformance/boto3.test.ts against a real
engine: `--list` prints the checks as JSON; otherwise every check runs and prints one JSON line with its
result. Environment: FERRY_ENDPOINT, FERRY_FRAMEWORK_IMAGE, FERRY_ROLE_ARN, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION. Needs Debian's python3-boto3 (/usr/bin/python3).
"""

import base64
import hashlib
import json
import os
import sys
import time
import traceback

CHECKS = []


def check(doc):
    """Registers a check with the AWS document it follows."""

    def register(fn):
        CHECKS.append({"name": fn.__name__, "doc": doc, "run": fn})
        return fn

    return register


class Env:
    """Clients and a bucket shared by the checks; names carry a run id so reruns never collide."""

    def __init__(self):
        import boto3
        from botocore.config import Config

        endpoint = os.environ["FERRY_ENDPOINT"]
        config = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60, s3={"addressing_style": "path"})
        self.sfn = boto3.client("stepfunctions", endpoint_url=endpoint, config=config)
        self.sagemaker = boto3.client("sagemaker", endpoint_url=endpoint, config=config)
        self.s3 = boto3.client("s3", endpoint_url=endpoint, config=config)
        self.logs = boto3.client("logs", endpoint_url=endpoint, config=config)
        self.ecr = boto3.client("ecr", endpoint_url=endpoint, config=config)
        self.sts = boto3.client("sts", endpoint_url=endpoint, config=config)
        self.endpoint = endpoint
        self.config = config
        self.image = os.environ["FERRY_FRAMEWORK_IMAGE"]
        self.role = os.environ["FERRY_ROLE_ARN"]
        self.run = format(int(time.time() * 1000), "x")
        self.bucket = f"boto3-conformance-{self.run}"
        self.s3.create_bucket(Bucket=self.bucket)
        self.s3.put_object(Bucket=self.bucket, Key="code/list_inputs.py", Body=LIST_INPUTS.encode())
        self.s3.put_object(Bucket=self.bucket, Key="code/sleep.py", Body=b"import time\ntime.sleep(60)\n")
        self.s3.put_object(Bucket=self.bucket, Key="code/chatty.py", Body=CHATTY.encode())
        self.counter = 0

    def name(self, prefix):
        self.counter += 1
        return f"{prefix}-{self.run}-{self.counter}"


LIST_INPUTS = """
import json, os
root = "/opt/ml/processing/input/data"
files = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)
os.makedirs("/opt/ml/processing/output", exist_ok=True)
with open("/opt/ml/processing/output/files.json", "w") as out:
    json.dump(files, out)
"""


CHATTY = """
import sys
for i in range(3):
    print(f"step {i} ok")
print("ERROR: step 3 failed", file=sys.stderr)
print("done")
"""


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def error_of(call, *args, **kwargs):
    """The ClientError's code and HTTP status, or fails when the call succeeds."""
    from botocore.exceptions import ClientError

    try:
        call(*args, **kwargs)
    except ClientError as error:
        return error.response["Error"].get("Code"), error.response["ResponseMetadata"]["HTTPStatusCode"], error.response["Error"].get("Message", "")
    raise AssertionError(f"{getattr(call, '__name__', call)} succeeded; an error was expected")


# ---------------------------------------------------------------- Step Functions


def machine(env, definition, prefix="sm"):
    return env.sfn.create_state_machine(name=env.name(prefix), definition=json.dumps(definition), roleArn=env.role)["stateMachineArn"]


def run_to_end(env, definition, execution_input=None, timeout=60):
    """Runs a new machine once; `execution_input` is sent as JSON, `None` as `null`."""
    arn = machine(env, definition)
    started = env.sfn.start_execution(stateMachineArn=arn, input=json.dumps(execution_input))
    return wait_execution(env, started["executionArn"], timeout)


def wait_execution(env, execution_arn, timeout=60):
    deadline = time.time() + timeout
    while True:
        described = env.sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING" or time.time() > deadline:
            return described
        time.sleep(0.1)


def history(env, execution_arn):
    events, token = [], None
    while True:
        page = env.sfn.get_execution_history(executionArn=execution_arn, maxResults=1000, **({"nextToken": token} if token else {}))
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            return events


PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


@check("Step Functions API Reference: CreateStateMachine, DescribeStateMachine, ListStateMachines")
def sfn_create_describe_list(env):
    arn = machine(env, PASS)
    described = env.sfn.describe_state_machine(stateMachineArn=arn)
    expect(described["status"] == "ACTIVE" and json.loads(described["definition"]) == PASS, described)
    expect(described["roleArn"] == env.role and described["type"] == "STANDARD", described)
    listed = [m["stateMachineArn"] for m in env.sfn.get_paginator("list_state_machines").paginate().build_full_result()["stateMachines"]]
    expect(arn in listed, "the new state machine is listed")


@check("Step Functions API Reference: StartExecution, DescribeExecution")
def sfn_start_describe(env):
    out = run_to_end(env, {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": True}, "ResultPath": "$.r", "End": True}}}, {"in": 1})
    expect(out["status"] == "SUCCEEDED", out)
    expect(json.loads(out["output"]) == {"in": 1, "r": {"ok": True}}, out["output"])
    expect(json.loads(out["input"]) == {"in": 1} and "stopDate" in out, out)


@check("Step Functions API Reference: StartExecution (idempotent for the same name and input while it runs)")
def sfn_start_idempotent(env):
    arn = machine(env, {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": True}}})
    first = env.sfn.start_execution(stateMachineArn=arn, name="same", input="{}")
    again = env.sfn.start_execution(stateMachineArn=arn, name="same", input="{}")
    expect(first["executionArn"] == again["executionArn"], "same execution returned")
    code, _, _ = error_of(env.sfn.start_execution, stateMachineArn=arn, name="same", input='{"other":1}')
    expect(code == "ExecutionAlreadyExists", code)
    env.sfn.stop_execution(executionArn=first["executionArn"])


@check("Step Functions API Reference: ListExecutions (statusFilter)")
def sfn_list_executions(env):
    arn = machine(env, PASS)
    done = env.sfn.start_execution(stateMachineArn=arn)["executionArn"]
    wait_execution(env, done)
    succeeded = env.sfn.list_executions(stateMachineArn=arn, statusFilter="SUCCEEDED")["executions"]
    expect([e["executionArn"] for e in succeeded] == [done], succeeded)
    expect(env.sfn.list_executions(stateMachineArn=arn, statusFilter="FAILED")["executions"] == [], "no failed executions")


@check("Step Functions API Reference: GetExecutionHistory (ids from 1, previousEventId, reverseOrder)")
def sfn_history(env):
    out = run_to_end(env, PASS)
    events = history(env, out["executionArn"])
    expect([e["type"] for e in events] == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], [e["type"] for e in events])
    expect([e["id"] for e in events] == [1, 2, 3, 4] and [e["previousEventId"] for e in events] == [0, 1, 2, 3], events)
    reverse = env.sfn.get_execution_history(executionArn=out["executionArn"], reverseOrder=True)["events"]
    expect(reverse[0]["type"] == "ExecutionSucceeded", reverse[0])


@check("Step Functions API Reference: UpdateStateMachine, DescribeStateMachineForExecution (an execution keeps its definition)")
def sfn_update(env):
    arn = machine(env, {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": True}}})
    execution = env.sfn.start_execution(stateMachineArn=arn)["executionArn"]
    updated = env.sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(PASS))
    expect("updateDate" in updated, updated)
    expect(json.loads(env.sfn.describe_state_machine(stateMachineArn=arn)["definition"]) == PASS, "updated definition")
    running = env.sfn.describe_state_machine_for_execution(executionArn=execution)
    expect(json.loads(running["definition"])["States"]["W"]["Type"] == "Wait", running["definition"])
    env.sfn.stop_execution(executionArn=execution)


@check("Step Functions API Reference: TagResource, UntagResource, ListTagsForResource, DeleteStateMachine")
def sfn_tags_delete(env):
    arn = machine(env, PASS)
    env.sfn.tag_resource(resourceArn=arn, tags=[{"key": "team", "value": "ml"}, {"key": "env", "value": "dev"}])
    env.sfn.untag_resource(resourceArn=arn, tagKeys=["env"])
    expect(env.sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "ml"}], "tags")
    env.sfn.delete_state_machine(stateMachineArn=arn)
    expect(error_of(env.sfn.describe_state_machine, stateMachineArn=arn)[0] == "StateMachineDoesNotExist", "deleted")


@check("Step Functions API Reference: StopExecution")
def sfn_stop(env):
    arn = machine(env, {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}})
    execution = env.sfn.start_execution(stateMachineArn=arn)["executionArn"]
    env.sfn.stop_execution(executionArn=execution, error="Stopped.ByTest", cause="conformance")
    out = wait_execution(env, execution)
    expect(out["status"] == "ABORTED" and out.get("error") == "Stopped.ByTest", out)
    expect(history(env, execution)[-1]["type"] == "ExecutionAborted", "last event is ExecutionAborted")


@check("Step Functions API Reference: common errors (StateMachineDoesNotExist, InvalidArn, InvalidName)")
def sfn_errors(env):
    missing = "arn:aws:states:us-east-1:000000000000:stateMachine:no-such-machine"
    expect(error_of(env.sfn.describe_state_machine, stateMachineArn=missing)[0] == "StateMachineDoesNotExist", "missing machine")
    expect(error_of(env.sfn.describe_state_machine, stateMachineArn="not-an-arn")[0] == "InvalidArn", "malformed ARN")
    expect(error_of(env.sfn.create_state_machine, name="has space", definition=json.dumps(PASS), roleArn=env.role)[0] == "InvalidName", "bad name")


@check("Step Functions API Reference: request validation (ValidationException from the service model)")
def sfn_model_validation(env):
    code, status, message = error_of(env.sfn.create_state_machine, name="x" * 81, definition=json.dumps(PASS), roleArn=env.role)
    expect(code == "ValidationException" and status == 400, code)
    expect(message == "1 validation error detected: Value '" + "x" * 81 + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80", message)


@check("Developer Guide: 'Specifying state output using ResultPath' (ResultPath \"$\" replaces the input)")
def sfn_result_path_root(env):
    out = run_to_end(env, {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"new": 1}, "ResultPath": "$", "End": True}}}, {"old": 1})
    expect(json.loads(out["output"]) == {"new": 1}, out["output"])


@check("Amazon States Language: Paths (\"$\" is the whole input: 0, false, \"\", null)")
def sfn_root_path_falsy(env):
    for value in (0, False, "", None):
        out = run_to_end(env, {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": True}}}, value)
        expect(out["status"] == "SUCCEEDED" and json.loads(out["output"]) == {"v": value}, (value, out))


@check("Developer Guide: Map state and intrinsic States.ArrayRange (items 0..n as \"$\")")
def sfn_map_array_range(env):
    definition = {
        "StartAt": "Range",
        "States": {
            "Range": {"Type": "Pass", "Parameters": {"items.$": "States.ArrayRange(0, 3, 1)"}, "Next": "Each"},
            "Each": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Twice", "States": {"Twice": {"Type": "Pass", "Parameters": {"n.$": "$"}, "End": True}}},
                "End": True,
            },
        },
    }
    out = run_to_end(env, definition)
    expect(json.loads(out["output"]) == [{"n": 0}, {"n": 1}, {"n": 2}, {"n": 3}], out)


@check("Step Functions API Reference: HistoryEvent, MapStateStartedEventDetails (length)")
def sfn_map_state_started(env):
    definition = {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, **PASS}, "End": True}}}
    out = run_to_end(env, definition, ["a", "b"])
    events = history(env, out["executionArn"])
    started = [e for e in events if e["type"] == "MapStateStarted"]
    expect(len(started) == 1 and started[0]["mapStateStartedEventDetails"] == {"length": 2}, started)


@check("Amazon States Language: 'Retrying after error', 'Fallback states' (States.ALL alone and last)")
def sfn_states_all_last(env):
    for field in ("Retry", "Catch"):
        entries = [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["Custom.Error"]}]
        if field == "Catch":
            entries = [dict(e, Next="Done") for e in entries]
        definition = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createProcessingJob.sync", "Parameters": {}, field: entries, "Next": "Done"}, "Done": {"Type": "Pass", "End": True}}}
        code, _, message = error_of(env.sfn.create_state_machine, name=env.name("all"), definition=json.dumps(definition), roleArn=env.role)
        expect(code == "InvalidDefinition" and "SCHEMA_VALIDATION_FAILED" in message, (field, code, message))


@check("Developer Guide: error handling, States.DataLimitExceeded (a state's output over 256 KiB)")
def sfn_data_limit(env):
    definition = {"StartAt": "Double", "States": {"Double": {"Type": "Pass", "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "Next": "End"}, "End": {"Type": "Pass", "End": True}}}
    out = run_to_end(env, definition, {"s": "x" * (150 * 1024)})
    expect(out["status"] == "FAILED" and out.get("error") == "States.DataLimitExceeded", {k: out.get(k) for k in ("status", "error", "cause")})


# ---------------------------------------------------------------- SageMaker Processing


def job_request(env, name, script, inputs=None, max_runtime=300, output=None):
    return {
        "ProcessingJobName": name,
        "ProcessingInputs": (inputs or [])
        + [{"InputName": "code", "S3Input": {"S3Uri": f"s3://{env.bucket}/code/{script}", "LocalPath": "/opt/ml/processing/input/code", "S3DataType": "S3Prefix", "S3InputMode": "File"}}],
        "ProcessingOutputConfig": {"Outputs": [{"OutputName": "out", "S3Output": {"S3Uri": output or f"s3://{env.bucket}/out/{name}", "LocalPath": "/opt/ml/processing/output", "S3UploadMode": "EndOfJob"}}]},
        "ProcessingResources": {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 1}},
        "StoppingCondition": {"MaxRuntimeInSeconds": max_runtime},
        "AppSpecification": {"ImageUri": env.image, "ContainerEntrypoint": ["python3", f"/opt/ml/processing/input/code/{script}"]},
        "RoleArn": env.role,
    }


def wait_job(env, name, timeout=60):
    env.sagemaker.get_waiter("processing_job_completed_or_stopped").wait(ProcessingJobName=name, WaiterConfig={"Delay": 1, "MaxAttempts": timeout})
    return env.sagemaker.describe_processing_job(ProcessingJobName=name)


@check("SageMaker API Reference: CreateProcessingJob, DescribeProcessingJob; botocore waiter ProcessingJobCompletedOrStopped")
def sm_create_describe(env):
    name = env.name("job")
    created = env.sagemaker.create_processing_job(**job_request(env, name, "list_inputs.py"))
    expect(created["ProcessingJobArn"].endswith(f":processing-job/{name}"), created)
    done = wait_job(env, name)
    expect(done["ProcessingJobStatus"] == "Completed", done.get("FailureReason"))
    expect(done["ProcessingResources"]["ClusterConfig"]["InstanceType"] == "ml.m5.xlarge" and "ProcessingEndTime" in done, done)
    code, _, _ = error_of(env.sagemaker.create_processing_job, **job_request(env, name, "list_inputs.py"))
    expect(code == "ResourceInUse", code)


@check("SageMaker API Reference: ListProcessingJobs (NameContains, StatusEquals, SortBy, MaxResults)")
def sm_list(env):
    name = env.name("listed")
    env.sagemaker.create_processing_job(**job_request(env, name, "list_inputs.py"))
    wait_job(env, name)
    found = env.sagemaker.list_processing_jobs(NameContains=name, StatusEquals="Completed", SortBy="Name", MaxResults=5)["ProcessingJobSummaries"]
    expect([s["ProcessingJobName"] for s in found] == [name], found)


@check("SageMaker API Reference: StopProcessingJob (InProgress, then Stopping/Stopped)")
def sm_stop(env):
    name = env.name("stopped")
    env.sagemaker.create_processing_job(**job_request(env, name, "sleep.py"))
    deadline = time.time() + 30
    while env.sagemaker.describe_processing_job(ProcessingJobName=name).get("ProcessingStartTime") is None and time.time() < deadline:
        time.sleep(0.2)
    env.sagemaker.stop_processing_job(ProcessingJobName=name)
    expect(env.sagemaker.describe_processing_job(ProcessingJobName=name)["ProcessingJobStatus"] in ("Stopping", "Stopped"), "stopping")
    expect(wait_job(env, name)["ProcessingJobStatus"] == "Stopped", "stopped")


@check("SageMaker API Reference: ProcessingStoppingCondition ('after the condition is met, the processing job is stopped')")
def sm_max_runtime(env):
    name = env.name("timeout")
    env.sagemaker.create_processing_job(**job_request(env, name, "sleep.py", max_runtime=1))
    done = wait_job(env, name)
    expect(done["ProcessingJobStatus"] == "Stopped" and "MaxRuntimeInSeconds" in done.get("FailureReason", ""), done)


@check("botocore waiter ProcessingJobCompletedOrStopped and moto: a missing job is ValidationException")
def sm_missing_job(env):
    for call in (env.sagemaker.describe_processing_job, env.sagemaker.stop_processing_job):
        code, status, _ = error_of(call, ProcessingJobName="no-such-job")
        expect(code == "ValidationException" and status == 400, code)


@check("SageMaker API Reference: request validation (pattern, enum, range from the service model)")
def sm_model_validation(env):
    request = job_request(env, "bad_name", "list_inputs.py")
    request["ProcessingResources"]["ClusterConfig"]["InstanceType"] = "ml.fake.large"
    code, _, message = error_of(env.sagemaker.create_processing_job, **request)
    expect(code == "ValidationException" and message.startswith("2 validation errors detected: "), message)
    expect("Value 'bad_name' at 'processingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}" in message, message)
    expect("Value 'ml.fake.large' at 'processingResources.clusterConfig.instanceType' failed to satisfy constraint: Member must satisfy enum value set: [" in message, message)
    code, _, message = error_of(env.sagemaker.list_processing_jobs, MaxResults=101)
    expect(message == "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100", message)


@check("SageMaker API Reference: ProcessingS3Input S3Prefix (a folder prefix without its slash is stripped whole)")
def sm_s3_prefix_without_slash(env):
    for key in ("in/a.txt", "in/sub/b.txt"):
        env.s3.put_object(Bucket=env.bucket, Key=f"prefix-{env.run}/{key}", Body=b"x")
    name = env.name("prefix")
    source = {"InputName": "data", "S3Input": {"S3Uri": f"s3://{env.bucket}/prefix-{env.run}/in", "LocalPath": "/opt/ml/processing/input/data", "S3DataType": "S3Prefix", "S3InputMode": "File"}}
    env.sagemaker.create_processing_job(**job_request(env, name, "list_inputs.py", inputs=[source]))
    expect(wait_job(env, name)["ProcessingJobStatus"] == "Completed", "completed")
    files = json.loads(env.s3.get_object(Bucket=env.bucket, Key=f"out/{name}/files.json")["Body"].read())
    expect(files == ["a.txt", "sub/b.txt"], files)


# ---------------------------------------------------------------- S3


@check("S3 API Reference: CreateBucket, HeadBucket, ListBuckets; CreateBucket again in us-east-1 is 200 OK")
def s3_buckets(env):
    name = env.name("bucket")
    env.s3.create_bucket(Bucket=name)
    expect(env.s3.head_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"] == 200, "head")
    expect(name in [b["Name"] for b in env.s3.list_buckets()["Buckets"]], "listed")
    expect(env.s3.create_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"] == 200, "create again")
    expect(error_of(env.s3.head_bucket, Bucket="no-such-bucket-here")[1] == 404, "missing bucket")


@check("S3 API Reference: PutObject, GetObject, HeadObject (metadata, content type, ETag, Range)")
def s3_put_get_head(env):
    put = env.s3.put_object(Bucket=env.bucket, Key="obj/a.txt", Body=b"hello world", ContentType="text/plain", Metadata={"owner": "ferry"})
    expect(put["ETag"] == '"' + hashlib.md5(b"hello world").hexdigest() + '"', put["ETag"])
    got = env.s3.get_object(Bucket=env.bucket, Key="obj/a.txt")
    expect(got["Body"].read() == b"hello world" and got["ContentType"] == "text/plain" and got["Metadata"] == {"owner": "ferry"}, got)
    head = env.s3.head_object(Bucket=env.bucket, Key="obj/a.txt")
    expect(head["ContentLength"] == 11 and head["ETag"] == put["ETag"], head)
    ranged = env.s3.get_object(Bucket=env.bucket, Key="obj/a.txt", Range="bytes=6-")
    expect(ranged["Body"].read() == b"world" and ranged["ResponseMetadata"]["HTTPStatusCode"] == 206, ranged["ContentRange"])
    expect(error_of(env.s3.get_object, Bucket=env.bucket, Key="obj/missing")[0] == "NoSuchKey", "missing key")


@check("S3 API Reference: ListObjectsV2 (Prefix, Delimiter, MaxKeys, ContinuationToken)")
def s3_list(env):
    for key in ("list/a", "list/b/1", "list/b/2", "list/c"):
        env.s3.put_object(Bucket=env.bucket, Key=key, Body=b"")
    top = env.s3.list_objects_v2(Bucket=env.bucket, Prefix="list/", Delimiter="/")
    expect([o["Key"] for o in top["Contents"]] == ["list/a", "list/c"] and [p["Prefix"] for p in top["CommonPrefixes"]] == ["list/b/"], top)
    first = env.s3.list_objects_v2(Bucket=env.bucket, Prefix="list/", MaxKeys=2)
    rest = env.s3.list_objects_v2(Bucket=env.bucket, Prefix="list/", ContinuationToken=first["NextContinuationToken"])
    expect(first["IsTruncated"] and [o["Key"] for o in first["Contents"] + rest["Contents"]] == ["list/a", "list/b/1", "list/b/2", "list/c"], rest)


@check("S3 API Reference: CopyObject, DeleteObject, DeleteObjects")
def s3_copy_delete(env):
    env.s3.put_object(Bucket=env.bucket, Key="copy/src", Body=b"copied", Metadata={"k": "v"})
    env.s3.copy_object(Bucket=env.bucket, Key="copy/dst", CopySource={"Bucket": env.bucket, "Key": "copy/src"})
    dst = env.s3.get_object(Bucket=env.bucket, Key="copy/dst")
    expect(dst["Body"].read() == b"copied" and dst["Metadata"] == {"k": "v"}, dst)
    env.s3.delete_object(Bucket=env.bucket, Key="copy/src")
    deleted = env.s3.delete_objects(Bucket=env.bucket, Delete={"Objects": [{"Key": "copy/dst"}, {"Key": "copy/never-there"}]})
    expect(sorted(d["Key"] for d in deleted["Deleted"]) == ["copy/dst", "copy/never-there"], deleted)
    expect(env.s3.list_objects_v2(Bucket=env.bucket, Prefix="copy/")["KeyCount"] == 0, "all deleted")


@check("S3 API Reference: CreateMultipartUpload, UploadPart, CompleteMultipartUpload (ETag of parts)")
def s3_multipart(env):
    parts = [b"a" * (5 * 1024 * 1024), b"b" * 1024]
    upload = env.s3.create_multipart_upload(Bucket=env.bucket, Key="multi/obj")["UploadId"]
    etags = [env.s3.upload_part(Bucket=env.bucket, Key="multi/obj", UploadId=upload, PartNumber=i + 1, Body=p)["ETag"] for i, p in enumerate(parts)]
    done = env.s3.complete_multipart_upload(Bucket=env.bucket, Key="multi/obj", UploadId=upload, MultipartUpload={"Parts": [{"ETag": e, "PartNumber": i + 1} for i, e in enumerate(etags)]})
    combined = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    expect(done["ETag"] == f'"{combined}-2"', done["ETag"])
    expect(env.s3.head_object(Bucket=env.bucket, Key="multi/obj")["ContentLength"] == sum(map(len, parts)), "size")


@check("S3 API Reference: AbortMultipartUpload (NoSuchUpload afterwards), DeleteBucket (BucketNotEmpty, then 204)")
def s3_abort_delete_bucket(env):
    name = env.name("doomed")
    env.s3.create_bucket(Bucket=name)
    upload = env.s3.create_multipart_upload(Bucket=name, Key="part")["UploadId"]
    env.s3.abort_multipart_upload(Bucket=name, Key="part", UploadId=upload)
    expect(error_of(env.s3.upload_part, Bucket=name, Key="part", UploadId=upload, PartNumber=1, Body=b"x")[0] == "NoSuchUpload", "aborted")
    env.s3.put_object(Bucket=name, Key="left", Body=b"x")
    expect(error_of(env.s3.delete_bucket, Bucket=name)[0] == "BucketNotEmpty", "not empty")
    env.s3.delete_object(Bucket=name, Key="left")
    expect(env.s3.delete_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"] == 204, "deleted")


@check("S3 API Reference: PutObject Content-MD5 (BadDigest, nothing stored)")
def s3_content_md5(env):
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    code, status, _ = error_of(env.s3.put_object, Bucket=env.bucket, Key="md5/bad", Body=b"hello", ContentMD5=wrong)
    expect(code == "BadDigest" and status == 400, code)
    expect(env.s3.list_objects_v2(Bucket=env.bucket, Prefix="md5/")["KeyCount"] == 0, "nothing stored")


@check("S3 API Reference: GetObject/HeadObject If-None-Match, If-Modified-Since (304), If-Match, If-Unmodified-Since (412)")
def s3_conditional(env):
    etag = env.s3.put_object(Bucket=env.bucket, Key="cond/obj", Body=b"v1")["ETag"]
    modified = env.s3.head_object(Bucket=env.bucket, Key="cond/obj")["LastModified"]
    from datetime import timedelta

    for call in (env.s3.get_object, env.s3.head_object):
        expect(error_of(call, Bucket=env.bucket, Key="cond/obj", IfNoneMatch=etag)[1] == 304, "If-None-Match")
        expect(error_of(call, Bucket=env.bucket, Key="cond/obj", IfModifiedSince=modified + timedelta(minutes=1))[1] == 304, "If-Modified-Since")
        expect(error_of(call, Bucket=env.bucket, Key="cond/obj", IfMatch='"different"')[1] == 412, "If-Match")
        expect(error_of(call, Bucket=env.bucket, Key="cond/obj", IfUnmodifiedSince=modified - timedelta(minutes=1))[1] == 412, "If-Unmodified-Since")
        expect(call(Bucket=env.bucket, Key="cond/obj", IfMatch=etag)["ResponseMetadata"]["HTTPStatusCode"] == 200, "If-Match holds")


@check("S3 User Guide: 'Naming Amazon S3 objects' (a key is at most 1,024 bytes: KeyTooLongError)")
def s3_key_too_long(env):
    code, status, _ = error_of(env.s3.put_object, Bucket=env.bucket, Key="k" * 1025, Body=b"x")
    expect(code == "KeyTooLongError" and status == 400, code)


# ---------------------------------------------------------------- CloudWatch Logs


LOG_GROUP = "/aws/sagemaker/ProcessingJobs"


def chatty_job(env):
    """A finished job whose output (CHATTY) is in CloudWatch Logs; returns its name and its stream's name."""
    if not hasattr(env, "chatty"):
        name = env.name("logs")
        env.sagemaker.create_processing_job(**job_request(env, name, "chatty.py"))
        wait_job(env, name)
        streams = env.logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=f"{name}/")["logStreams"]
        env.chatty = (name, streams[0]["logStreamName"] if streams else None)
    return env.chatty


@check("SageMaker Developer Guide: 'Log Amazon SageMaker Events with Amazon CloudWatch' (/aws/sagemaker/ProcessingJobs, <job>/algo-1-<epoch>)")
def logs_sagemaker_layout(env):
    name, stream = chatty_job(env)
    import re

    expect(stream is not None and re.fullmatch(rf"{name}/algo-1-\d{{10}}", stream), stream)
    groups = env.logs.describe_log_groups(logGroupNamePrefix="/aws/sagemaker/")["logGroups"]
    expect([g["logGroupName"] for g in groups] == [LOG_GROUP], groups)


@check("CloudWatch Logs API Reference: GetLogEvents (startFromHead; at the end nextForwardToken is the token passed in)")
def logs_get_log_events(env):
    _, stream = chatty_job(env)
    messages, token = [], None
    for _ in range(50):
        page = env.logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream, startFromHead=True, limit=2, **({"nextToken": token} if token else {}))
        messages += [e["message"] for e in page["events"]]
        if page["nextForwardToken"] == token:
            expect(page["events"] == [], page["events"])
            break
        token = page["nextForwardToken"]
    # stdout's lines in order; stderr's line among them (two pipes: no order between them).
    stdout = [m for m in messages if not m.startswith("[ferry]") and not m.startswith("ERROR")]
    expect(stdout == ["step 0 ok", "step 1 ok", "step 2 ok", "done"] and "ERROR: step 3 failed" in messages, messages)


@check("CloudWatch Logs API Reference: FilterLogEvents (filterPattern terms, logStreamNamePrefix; botocore paginator)")
def logs_filter_log_events(env):
    name, _ = chatty_job(env)
    paginator = env.logs.get_paginator("filter_log_events")
    found = [e for page in paginator.paginate(logGroupName=LOG_GROUP, logStreamNamePrefix=f"{name}/", filterPattern="ERROR", PaginationConfig={"PageSize": 1}) for e in page["events"]]
    expect([e["message"] for e in found] == ["ERROR: step 3 failed"], found)
    expect(all(len(e["eventId"]) == 56 and e["logStreamName"].startswith(f"{name}/") for e in found), found)
    code, _, _ = error_of(env.logs.filter_log_events, logGroupName=LOG_GROUP, filterPattern='{ $.level = "x" }')
    expect(code == "InvalidParameterException", code)


@check("CloudWatch Logs API Reference: DescribeLogStreams (ResourceNotFoundException for a missing group; limit from the service model)")
def logs_errors(env):
    code, status, _ = error_of(env.logs.describe_log_streams, logGroupName="/aws/none")
    expect(code == "ResourceNotFoundException" and status == 400, (code, status))
    code, _, message = error_of(env.logs.get_log_events, logGroupName=LOG_GROUP, logStreamName="x", limit=10001)
    expect(code == "ValidationException" and "'limit'" in message, message)


# ---------------------------------------------------------------- ECR


@check("ECR API Reference: DescribeImages, BatchGetImage (an image's digest is the SHA-256 of its manifest)")
def ecr_framework_image(env):
    registry, rest = env.image.split(".dkr.ecr.", 1)
    repository, tag = rest.split("/", 1)[1].split(":")
    details = env.ecr.describe_images(registryId=registry, repositoryName=repository, imageIds=[{"imageTag": tag}])["imageDetails"]
    expect(len(details) == 1 and details[0]["imageTags"] == [tag], details)
    got = env.ecr.batch_get_image(registryId=registry, repositoryName=repository, imageIds=[{"imageTag": tag}])
    manifest = got["images"][0]["imageManifest"]
    expect("sha256:" + hashlib.sha256(manifest.encode()).hexdigest() == details[0]["imageDigest"], details[0]["imageDigest"])
    code, _, _ = error_of(env.ecr.describe_images, repositoryName="no-such-repository", imageIds=[{"imageTag": "1"}])
    expect(code == "RepositoryNotFoundException", code)


# ---------------------------------------------------------------- STS


@check("STS API Reference: GetCallerIdentity")
def sts_caller_identity(env):
    who = env.sts.get_caller_identity()
    expect(who["Account"] == "000000000000" and who["Arn"] == "arn:aws:iam::000000000000:user/ferry", who)


@check("STS API Reference: AssumeRole (temporary credentials, signed with their session token; a forged token is InvalidClientTokenId)")
def sts_assume_role(env):
    import boto3

    creds = env.sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/boto3-conformance", RoleSessionName="boto3-check", ExternalId="boto3-external", DurationSeconds=900)["Credentials"]
    expect(creds["AccessKeyId"].startswith("ASIA"), creds["AccessKeyId"])

    def client(service, token):
        return boto3.client(service, endpoint_url=env.endpoint, config=env.config, aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=token)

    who = client("sts", creds["SessionToken"]).get_caller_identity()
    expect(who["Arn"] == "arn:aws:sts::000000000000:assumed-role/boto3-conformance/boto3-check", who)
    client("stepfunctions", creds["SessionToken"]).list_state_machines()
    code, status, _ = error_of(client("sts", creds["SessionToken"][:-4] + "AAAA").get_caller_identity)
    expect(code == "InvalidClientTokenId" and status == 403, (code, status))
    code, _, _ = error_of(env.sts.assume_role, RoleArn="arn:aws:iam::000000000000:role/x", RoleSessionName="bad name")
    expect(code == "ValidationError", code)


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
