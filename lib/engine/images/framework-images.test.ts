import { describe, expect, it } from "vitest";
import { isAwsFrameworkImage } from "./framework-images";

describe("isAwsFrameworkImage", () => {
  it.each([
    "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3",
    "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1",
    "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.1-cpu-py310",
    "450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-scikit-learn:1.2-1",
  ])("maps %s to the host Python", (uri) => expect(isAwsFrameworkImage(uri)).toBe(true));

  it.each([
    "111111111111.dkr.ecr.us-east-1.amazonaws.com/legacycode:1.0",
    "docker.io/library/python:3.11",
    "sagemaker-scikit-learn:latest",
  ])("does not map %s", (uri) => expect(isAwsFrameworkImage(uri)).toBe(false));
});
