import { z } from "zod";
import { AwsError } from "../errors";

/**
 * Paging tokens. GetLogEvents' are shaped as AWS's (`f/<56 digits>/s` forward, `b/<56 digits>/s` backward)
 * and carry the byte offset of a line of the stream; the others are opaque (base64url JSON). A token is
 * input like any other: it is parsed, and refused with AWS's error when it does not make sense.
 */
export type Direction = "f" | "b";

const DIGITS = 56;

export function streamToken(direction: Direction, offset: number): string {
  return `${direction}/${String(offset).padStart(DIGITS, "0")}/s`;
}

export function parseStreamToken(token: string): { direction: Direction; offset: number } {
  const match = /^([fb])\/(\d{56})\/s$/.exec(token);
  const offset = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(offset)) throw invalidToken();
  return { direction: match[1] as Direction, offset };
}

export function opaqueToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function parseOpaqueToken<T>(token: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
  } catch {
    throw invalidToken();
  }
}

export function invalidToken(): AwsError {
  return new AwsError("InvalidParameterException", "The specified nextToken is invalid.");
}

/** CloudWatch's event ids are 56 digits; here the stream's id and the event's offset make one, unique and stable. */
export function eventId(streamId: string, offset: number): string {
  const stream = BigInt(`0x${streamId.slice(0, 30)}`) % 10n ** 36n;
  return `${String(stream).padStart(36, "0")}${String(offset).padStart(20, "0")}`;
}
