import { describe, expect, it } from "vitest";
import { imageUriField, isAwsFrameworkImage, parseImageUri } from "@/lib/aws/ecr-uri";

const DIGEST = `sha256:${"ab12".repeat(16)}`;

describe("image URIs", () => {
  it.each([
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn", { repository: "churn", tag: null, digest: null }],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:1.0", { repository: "churn", tag: "1.0" }],
    ["123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/team/model_a:latest", { region: "us-gov-west-1", repository: "team/model_a" }],
    [`123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn@${DIGEST}`, { digest: DIGEST, tag: null }],
    ["123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/churn:v2", { partition: "aws-cn" }],
    ["683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", { account: "683313688378", repository: "sagemaker-scikit-learn" }],
    ["763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-cpu-py310", { repository: "pytorch-training" }],
  ])("accepts %s", (uri, expected) => {
    expect(parseImageUri(uri)).toMatchObject(expected);
    expect(imageUriField.safeParse(uri).success).toBe(true);
  });

  it.each([
    ["docker.io/library/python:3.11", "not ECR"],
    ["python:3.11", "Docker Hub short name"],
    ["12345678901.dkr.ecr.eu-west-1.amazonaws.com/churn", "11-digit account"],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/Churn", "upper-case repository"],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:", "empty tag"],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:-bad", "tag starting with -"],
    [`123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:${"t".repeat(129)}`, "tag too long"],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn@sha256:abc", "short digest"],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/", "no repository"],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/a//b", "empty path segment"],
    ["https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn", "with a scheme"],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.io/churn", "look-alike host"],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:1 <script>", "markup"],
  ])("refuses %s (%s)", (uri) => {
    expect(parseImageUri(uri)).toBeNull();
    expect(imageUriField.safeParse(uri).success).toBe(false);
  });

  it("recognises AWS's framework images", () => {
    const sklearn = parseImageUri("683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3");
    const own = parseImageUri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:1");
    expect(sklearn && isAwsFrameworkImage(sklearn)).toBe(true);
    expect(own && isAwsFrameworkImage(own)).toBe(false);
  });
});
