/**
 * AWS-owned framework images (the SageMaker scikit-learn, XGBoost, Spark... images on `sagemaker-*` ECR
 * repositories, and the deep-learning containers for PyTorch, TensorFlow, Hugging Face, MXNet) run their
 * entrypoint on the host's Python without registration.
 */
const ECR_HOST = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const FRAMEWORK_REPO = /^(sagemaker-[a-z0-9-]+|(pytorch|tensorflow|mxnet)-(training|inference)|huggingface-[a-z0-9-]+)$/;

export function isAwsFrameworkImage(imageUri: string): boolean {
  const slash = imageUri.indexOf("/");
  if (slash < 0) return false;
  const host = imageUri.slice(0, slash);
  const repository = imageUri.slice(slash + 1).split(/[:@]/)[0] ?? "";
  return ECR_HOST.test(host) && FRAMEWORK_REPO.test(repository);
}

/** The environment the SageMaker framework images set in their Dockerfiles, so output is not buffered. */
export const FRAMEWORK_ENV: Readonly<Record<string, string>> = {
  PYTHONUNBUFFERED: "TRUE",
  PYTHONDONTWRITEBYTECODE: "TRUE",
};
