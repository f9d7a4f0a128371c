import { createHash, type Hash } from "node:crypto";
import { IncomingMessage } from "node:http";
import { AuthError } from "../auth/auth-error";

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * The engine's request class (`createServer({ IncomingMessage: EngineRequest })`). A SigV4 request that
 * declares its payload's SHA-256 in x-amz-content-sha256 signs that hash, not the bytes, and S3 bodies
 * stream straight to disk; so the bytes are hashed as the parser delivers them, and a body that does not
 * match ends in an error (XAmzContentSHA256Mismatch) instead of its end, failing whatever consumes it
 * before anything is committed.
 */
export class EngineRequest extends IncomingMessage {
  private payload: { hash: Hash; expected: string } | null | undefined;

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    this.payload ??= this.declaredPayload();
    if (chunk === null && this.payload && this.payload.hash.digest("hex") !== this.payload.expected) {
      this.destroy(new AuthError("payload-mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed."));
      return false;
    }
    if (chunk !== null && this.payload && Buffer.isBuffer(chunk)) this.payload.hash.update(chunk);
    return super.push(chunk, encoding);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Once the whole body has arrived the connection is sound: keep it, so the refusal reaches the client
    // (IncomingMessage would reset the socket). As IncomingMessage does, an error nobody listens for is dropped.
    if (!this.complete) return super._destroy(error, callback);
    process.nextTick(() => callback(this.listenerCount("error") > 0 ? error : null));
  }

  private declaredPayload(): { hash: Hash; expected: string } | null {
    const declared = this.headers["x-amz-content-sha256"];
    return typeof declared === "string" && HEX_SHA256.test(declared) ? { hash: createHash("sha256"), expected: declared } : null;
  }
}
