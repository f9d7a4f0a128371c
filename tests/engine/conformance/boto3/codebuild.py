"""CodeBuild in the embedded engine, checked with boto3 as an AWS user would, with AWS's own Docker sample.

The project uses the buildspec of the CodeBuild User Guide's "Docker sample" (IMAGE_REPO_NAME, IMAGE_TAG,
AWS_ACCOUNT_ID as environment variables; docker login, build, tag, push). Run by
tests/engine/conformance/codebuild-boto3.test.ts: `--list` prints the checks as JSON; otherwise each check runs
in order and prints one JSON line with its result. Environment: FERRY_ENDPOINT, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION. Needs Debian's python3-boto3 (/usr/bin/python3).
"""

import json
import os
import sys
import time
import traceback

from conformance import error_of, expect

CHECKS = []

SAMPLE_BUILDSPEC = """version: 0.2
phases:
  pre_build:
    commands:
      - echo Logging in to Amazon ECR...
      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com
  build:
    commands:
      - echo Build started on `date`
      - docker build -t $IMAGE_REPO_NAME:$IMAGE_TAG .
      - docker tag $IMAGE_REPO_NAME:$IMAGE_TAG $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com/$IMAGE_REPO_NAME:$IMAGE_TAG
  post_build:
    commands:
      - echo Build completed on `date`
      - docker push $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com/$IMAGE_REPO_NAME:$IMAGE_TAG
"""

DOCKERFILE = 'FROM python:3.11-slim\nWORKDIR /opt/program\nCOPY run.py .\nENTRYPOINT ["python3", "/opt/program/run.py"]\n'


def check(doc):
    def register(fn):
        CHECKS.append({"name": fn.__name__, "doc": doc, "run": fn})
        return fn

    return register


class Env:
    """Clients, a bucket with a build context, and the sample's project; names carry a run id."""

    def __init__(self):
        import boto3
        from botocore.config import Config

        endpoint = os.environ["FERRY_ENDPOINT"]
        config = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60, s3={"addressing_style": "path"})
        self.codebuild = boto3.client("codebuild", endpoint_url=endpoint, config=config)
        self.s3 = boto3.client("s3", endpoint_url=endpoint, config=config)
        self.logs = boto3.client("logs", endpoint_url=endpoint, config=config)
        self.ecr = boto3.client("ecr", endpoint_url=endpoint, config=config)
        self.run = format(int(time.time() * 1000), "x")
        self.bucket = f"codebuild-boto3-{self.run}"
        self.project = f"docker-sample-{self.run}"
        self.repository = f"sample-{self.run}"
        self.s3.create_bucket(Bucket=self.bucket)
        self.s3.put_object(Bucket=self.bucket, Key="src/Dockerfile", Body=DOCKERFILE.encode())
        self.s3.put_object(Bucket=self.bucket, Key="src/run.py", Body=b"print('hello from the sample')\n")
        self.build = None

    def wait(self, build_id):
        for _ in range(400):
            build = self.codebuild.batch_get_builds(ids=[build_id])["builds"][0]
            if build["buildComplete"]:
                return build
            time.sleep(0.05)
        raise AssertionError(f"build {build_id} did not complete")


@check("CodeBuild API Reference: CreateProject, BatchGetProjects (by name or ARN; projectsNotFound)")
def create_project(env):
    created = env.codebuild.create_project(
        name=env.project,
        source={"type": "S3", "location": f"{env.bucket}/src/", "buildspec": SAMPLE_BUILDSPEC},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={
            "type": "LINUX_CONTAINER",
            "image": "aws/codebuild/standard:7.0",
            "computeType": "BUILD_GENERAL1_SMALL",
            "privilegedMode": True,
            "environmentVariables": [
                {"name": "AWS_ACCOUNT_ID", "value": "000000000000"},
                {"name": "IMAGE_REPO_NAME", "value": env.repository},
                {"name": "IMAGE_TAG", "value": "project-tag"},
            ],
        },
        serviceRole="arn:aws:iam::000000000000:role/codebuild-sample",
    )["project"]
    expect(created["arn"] == f"arn:aws:codebuild:us-east-1:000000000000:project/{env.project}", created["arn"])
    found = env.codebuild.batch_get_projects(names=[created["arn"], "missing-project"])
    expect([p["name"] for p in found["projects"]] == [env.project], found["projects"])
    expect(found["projectsNotFound"] == ["missing-project"], found["projectsNotFound"])


@check("CodeBuild User Guide: 'Docker sample' (the image pushed to ECR as $IMAGE_REPO_NAME:$IMAGE_TAG; StartBuild's variables override the project's)")
def docker_sample(env):
    started = env.codebuild.start_build(projectName=env.project, environmentVariablesOverride=[{"name": "IMAGE_TAG", "value": "1.0", "type": "PLAINTEXT"}])["build"]
    expect(started["buildStatus"] == "IN_PROGRESS" and started["buildNumber"] == 1, started)
    env.build = env.wait(started["id"])
    expect(env.build["buildStatus"] == "SUCCEEDED", env.build.get("phases"))
    details = env.ecr.describe_images(repositoryName=env.repository)["imageDetails"]
    expect([d["imageTags"] for d in details] == [["1.0"]], details)
    expect(details[0]["imageDigest"].startswith("sha256:") and len(details[0]["imageDigest"]) == 71, details[0])


@check("CodeBuild API Reference: Build and BuildPhase (phases in order with durationInSeconds; logs in /aws/codebuild/<project>)")
def build_phases_and_log(env):
    phases = [p["phaseType"] for p in env.build["phases"]]
    expect(phases == ["SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED"], phases)
    expect(all("durationInSeconds" in p for p in env.build["phases"][:-1]), env.build["phases"])
    logs = env.build["logs"]
    expect(logs["groupName"] == f"/aws/codebuild/{env.project}" and logs["streamName"] == env.build["id"].split(":")[1], logs)
    events = env.logs.get_log_events(logGroupName=logs["groupName"], logStreamName=logs["streamName"], startFromHead=True)["events"]
    text = "\n".join(e["message"] for e in events)
    expect("Entering phase BUILD" in text and "The push refers to repository" in text, text[:2000])


@check("CodeBuild API Reference: ListBuildsForProject (newest first unless ASCENDING), StopBuild (a finished build answered as it is)")
def list_and_stop(env):
    second = env.wait(env.codebuild.start_build(projectName=env.project)["build"]["id"])
    newest = env.codebuild.list_builds_for_project(projectName=env.project)["ids"]
    expect(newest == [second["id"], env.build["id"]], newest)
    expect(env.codebuild.list_builds_for_project(projectName=env.project, sortOrder="ASCENDING")["ids"] == newest[::-1], "ascending")
    expect(env.codebuild.stop_build(id=second["id"])["build"]["buildStatus"] == "SUCCEEDED", "stop of a finished build")
    tags = sorted(t for d in env.ecr.describe_images(repositoryName=env.repository)["imageDetails"] for t in d.get("imageTags", []))
    expect(tags == ["1.0", "project-tag"], tags)


@check("CodeBuild API Reference: StartBuild, StopBuild errors (ResourceNotFoundException, InvalidInputException; the model's ValidationException)")
def errors(env):
    code, status, _ = error_of(env.codebuild.start_build, projectName="no-such-project")
    expect(code == "ResourceNotFoundException" and status == 400, (code, status))
    code, _, _ = error_of(env.codebuild.stop_build, id="no-colon")
    expect(code == "InvalidInputException", code)
    # botocore checks minimums itself; maximums are the service's to refuse.
    code, _, message = error_of(env.codebuild.update_project, name=env.project, timeoutInMinutes=1000)
    expect(code == "ValidationException" and "timeoutInMinutes" in message, (code, message))


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
