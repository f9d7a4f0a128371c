import { Transform, type TransformCallback } from "node:stream";

/**
 * Decodes the `aws-chunked` content encoding (SigV4 streaming and flexible-checksum trailers) that SDK v3
 * and the AWS CLI use for uploads: `<hex size>[;ext]\r\n<bytes>\r\n ... 0\r\n<trailers>\r\n\r\n`.
 * Signatures and trailing checksums are not verified: the engine accepts any signed request on loopback.
 */
export class AwsChunkedDecoder extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private expectCrlf = false;
  private finished = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      this.drain();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.finished ? undefined : new Error("Truncated aws-chunked body"));
  }

  private drain(): void {
    while (!this.finished && this.pending.length > 0) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.expectCrlf = true;
        continue;
      }
      if (this.expectCrlf) {
        if (this.pending.length < 2) return;
        this.pending = this.pending.subarray(2);
        this.expectCrlf = false;
        continue;
      }
      const lineEnd = this.pending.indexOf("\r\n");
      if (lineEnd < 0) return;
      const header = this.pending.subarray(0, lineEnd).toString("latin1");
      this.pending = this.pending.subarray(lineEnd + 2);
      const size = Number.parseInt(header.split(";")[0] ?? "", 16);
      if (!Number.isFinite(size)) throw new Error(`Bad aws-chunked header: ${header.slice(0, 40)}`);
      if (size === 0) this.finished = true;
      this.remaining = size;
    }
  }
}
