import { AwsError } from "../errors";

/** Why a request was refused before reaching a service. */
export type AuthFailure =
  | "missing"
  | "malformed"
  | "unknown-key"
  | "bad-token"
  | "expired-token"
  | "scope"
  | "skewed"
  | "expired"
  | "mismatch"
  | "payload-missing"
  | "payload-unsupported"
  | "payload-mismatch"
  | "foreign-host";

type Shape = { code: string; status: number };

// The codes AWS answers with (S3: REST error XML; JSON protocols: `__type`), so SDKs raise their usual exceptions.
const S3: Record<AuthFailure, Shape> = {
  missing: { code: "AccessDenied", status: 403 },
  malformed: { code: "AuthorizationHeaderMalformed", status: 400 },
  "unknown-key": { code: "InvalidAccessKeyId", status: 403 },
  "bad-token": { code: "InvalidToken", status: 400 },
  "expired-token": { code: "ExpiredToken", status: 400 },
  scope: { code: "AuthorizationHeaderMalformed", status: 400 },
  skewed: { code: "RequestTimeTooSkewed", status: 403 },
  expired: { code: "AccessDenied", status: 403 },
  mismatch: { code: "SignatureDoesNotMatch", status: 403 },
  "payload-missing": { code: "InvalidRequest", status: 400 },
  "payload-unsupported": { code: "NotImplemented", status: 501 },
  "payload-mismatch": { code: "XAmzContentSHA256Mismatch", status: 400 },
  "foreign-host": { code: "AccessDenied", status: 403 },
};

const JSON_PROTOCOLS: Record<AuthFailure, Shape> = {
  missing: { code: "IncompleteSignatureException", status: 400 },
  malformed: { code: "IncompleteSignatureException", status: 400 },
  "unknown-key": { code: "UnrecognizedClientException", status: 400 },
  "bad-token": { code: "UnrecognizedClientException", status: 400 },
  "expired-token": { code: "ExpiredTokenException", status: 400 },
  scope: { code: "InvalidSignatureException", status: 400 },
  skewed: { code: "InvalidSignatureException", status: 400 },
  expired: { code: "InvalidSignatureException", status: 400 },
  mismatch: { code: "InvalidSignatureException", status: 400 },
  "payload-missing": { code: "IncompleteSignatureException", status: 400 },
  "payload-unsupported": { code: "InvalidSignatureException", status: 400 },
  "payload-mismatch": { code: "InvalidSignatureException", status: 400 },
  "foreign-host": { code: "AccessDeniedException", status: 403 },
};

// The query protocol (STS) names its refusals differently again, and answers most of them with 403.
const QUERY: Record<AuthFailure, Shape> = {
  missing: { code: "MissingAuthenticationToken", status: 403 },
  malformed: { code: "IncompleteSignature", status: 400 },
  "unknown-key": { code: "InvalidClientTokenId", status: 403 },
  "bad-token": { code: "InvalidClientTokenId", status: 403 },
  "expired-token": { code: "ExpiredToken", status: 403 },
  scope: { code: "SignatureDoesNotMatch", status: 403 },
  skewed: { code: "SignatureDoesNotMatch", status: 403 },
  expired: { code: "SignatureDoesNotMatch", status: 403 },
  mismatch: { code: "SignatureDoesNotMatch", status: 403 },
  "payload-missing": { code: "IncompleteSignature", status: 400 },
  "payload-unsupported": { code: "IncompleteSignature", status: 400 },
  "payload-mismatch": { code: "SignatureDoesNotMatch", status: 403 },
  "foreign-host": { code: "AccessDenied", status: 403 },
};

/**
 * A refused request. It is an AwsError in S3's shape, so the S3 handler answers it as it is when it surfaces
 * while a body streams; `forJson()` gives the same refusal in the JSON protocols' shape.
 */
export class AuthError extends AwsError {
  constructor(
    readonly failure: AuthFailure,
    message: string,
  ) {
    super(S3[failure].code, message, S3[failure].status);
  }

  forJson(): AwsError {
    const shape = JSON_PROTOCOLS[this.failure];
    return new AwsError(shape.code, this.message, shape.status);
  }

  forQuery(): AwsError {
    const shape = QUERY[this.failure];
    return new AwsError(shape.code, this.message, shape.status);
  }
}

export const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.";
