// The pure rules of Git imports: what a repository URL, ref and path may be, commit links, webhook signatures,
// the bulk column, and the pack scanner's refusals.
import { createHmac } from "node:crypto";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { commitLink, GitSource } from "@/lib/catalog/git/source";
import { deliveryIdOf, eventOf, verifySignature } from "@/lib/catalog/git/webhook-signature";
import { parseGitCell } from "@/lib/catalog/git/manifest-column";
import { packOfResponse, scanPack } from "@/lib/catalog/git/pack-scan";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const firstError = (input: Record<string, unknown>) => GitSource.safeParse({ ref: "main", ...input }).error?.issues[0]?.message;

describe("sources", () => {
  it("take https URLs without credentials, query or fragment", () => {
    expect(GitSource.parse({ url: "https://github.com/team/legacy.git/", ref: "main" })).toMatchObject({ url: "https://github.com/team/legacy.git", subfolder: "", stages: { preprocess: null } });
    expect(firstError({ url: "https://user:ghp_x@github.com/team/legacy.git" })).toContain("Leave credentials out of the URL");
    expect(firstError({ url: "ssh://git@github.com/team/legacy.git" })).toContain("SSH URLs are not supported");
    expect(firstError({ url: "file:///etc" })).toContain("https://");
    expect(firstError({ url: "https://github.com/x.git?upload-pack=evil" })).toContain("no ?query");
  });

  it("refuse refs that could be options or leave the ref namespace, and paths that climb out", () => {
    for (const ref of ["--upload-pack=touch", "a..b", "main/", "x@{1}", "a b", "ref:x"]) expect(firstError({ url: "https://h.example/r.git", ref }), ref).toBeDefined();
    for (const subfolder of ["../etc", "a/../../b", ".git", "a/.ssh"]) expect(firstError({ url: "https://h.example/r.git", subfolder }), subfolder).toContain("plain relative path");
    expect(GitSource.parse({ url: "https://h.example/r.git", ref: "release/1.2", subfolder: "./models/churn/" }).subfolder).toBe("models/churn");
    // A leading slash means the repository's root, not the server's.
    expect(GitSource.parse({ url: "https://h.example/r.git", ref: "main", subfolder: "/models" }).subfolder).toBe("models");
  });

  it("link commits on hosts whose pages are known, and only there", () => {
    expect(commitLink("https://github.com/team/legacy.git", SHA)).toBe(`https://github.com/team/legacy/commit/${SHA}`);
    expect(commitLink("https://gitlab.com/group/sub/legacy", SHA)).toBe(`https://gitlab.com/group/sub/legacy/-/commit/${SHA}`);
    expect(commitLink("https://git.internal/team/legacy.git", SHA)).toBeNull();
    expect(commitLink("http://github.com/team/legacy.git", SHA)).toBeNull();
    expect(commitLink("https://github.com/team/legacy.git", "main")).toBeNull();
  });
});

describe("webhook signatures", () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');
  const signed = (secret: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

  it("accept GitHub's HMAC of the exact body and GitLab's token, nothing else", () => {
    expect(verifySignature(new Headers({ "x-hub-signature-256": signed("s") }), body, "s")).toBe("github");
    expect(verifySignature(new Headers({ "x-hub-signature-256": signed("s") }), Buffer.from(`${body} `), "s")).toBeNull();
    expect(verifySignature(new Headers({ "x-hub-signature-256": signed("other") }), body, "s")).toBeNull();
    expect(verifySignature(new Headers({ "x-hub-signature-256": signed("s").toUpperCase() }), body, "s")).toBeNull();
    expect(verifySignature(new Headers({ "x-gitlab-token": "s" }), body, "s")).toBe("gitlab");
    expect(verifySignature(new Headers({ "x-gitlab-token": "" }), body, "s")).toBeNull();
    expect(verifySignature(new Headers({}), body, "s")).toBeNull();
  });

  it("read the delivery id and event of either sender", () => {
    expect(deliveryIdOf(new Headers({ "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" }))).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    expect(deliveryIdOf(new Headers({ "idempotency-key": "abc" }))).toBe("abc");
    expect(deliveryIdOf(new Headers({ "x-github-delivery": "x".repeat(201) }))).toBeNull();
    expect(deliveryIdOf(new Headers({ "x-github-delivery": "a b" }))).toBeNull();
    expect(eventOf(new Headers({ "x-gitlab-event": "Tag Push Hook" }))).toBe("tag_push");
    expect(eventOf(new Headers({ "x-github-event": "push" }))).toBe("push");
  });
});

describe("the bulk column", () => {
  it("reads <URL>#<ref>[:<sub-folder>]", () => {
    expect(parseGitCell("https://github.com/t/l.git#main:models/churn")).toEqual({ source: expect.objectContaining({ url: "https://github.com/t/l.git", ref: "main", subfolder: "models/churn" }) });
    expect(parseGitCell(`https://github.com/t/l.git#${SHA}`)).toEqual({ source: expect.objectContaining({ ref: SHA, subfolder: "" }) });
    expect(parseGitCell("https://github.com/t/l.git")).toHaveProperty("error");
    expect(parseGitCell("https://github.com/t/l.git#main:../x")).toHaveProperty("error");
  });
});

describe("pack scan", () => {
  const header = (type: number, size: number) => {
    const bytes = [((size > 15 ? 0x80 : 0) | (type << 4) | (size & 15)) & 0xff];
    for (let rest = Math.floor(size / 16); rest > 0; rest = Math.floor(rest / 128)) bytes.push((rest > 127 ? 0x80 : 0) | (rest & 0x7f));
    return Buffer.from(bytes);
  };
  const pack = (...objects: Buffer[]) => {
    const head = Buffer.alloc(12);
    head.write("PACK", 0, "latin1");
    head.writeUInt32BE(2, 4);
    head.writeUInt32BE(objects.length, 8);
    return Buffer.concat([head, ...objects, Buffer.alloc(20)]);
  };
  const blob = (content: Buffer) => Buffer.concat([header(3, content.byteLength), deflateSync(content)]);
  const limits = { objectBytes: 1000, inflatedBytes: 1500 };

  it("counts small objects, and refuses one that declares or inflates beyond the caps", () => {
    expect(scanPack(pack(blob(Buffer.from("hello")), blob(Buffer.alloc(900))), limits)).toEqual({ objects: 2, inflatedBytes: 905 });
    expect(() => scanPack(pack(blob(Buffer.alloc(2000))), limits)).toThrow();
    expect(() => scanPack(pack(blob(Buffer.alloc(900)), blob(Buffer.alloc(900))), limits)).toThrow();
    // A header that lies low: inflating past the declared size is refused, not trusted.
    const liar = Buffer.concat([header(3, 10), deflateSync(Buffer.alloc(900))]);
    expect(() => scanPack(pack(liar), limits)).toThrow();
  });

  it("refuses a delta that would rebuild an object beyond the cap", () => {
    // OFS_DELTA: base size 5, target size 5,000,000 (varints), then one copy instruction.
    const delta = Buffer.from([0x05, 0xc0, 0x96, 0xb1, 0x02, 0x90, 0x05]);
    const object = Buffer.concat([header(6, delta.byteLength), Buffer.from([0x01]), deflateSync(delta)]);
    expect(() => scanPack(pack(blob(Buffer.from("hello")), object), limits)).toThrow("5 MB");
  });

  it("finds the pack in side-band pkt-lines, and refuses malformed framing", () => {
    const data = pack(blob(Buffer.from("x")));
    const line = (payload: Buffer) => Buffer.concat([Buffer.from((payload.byteLength + 4).toString(16).padStart(4, "0")), payload]);
    const answer = Buffer.concat([line(Buffer.from("NAK\n")), line(Buffer.concat([Buffer.from([1]), data])), line(Buffer.from([2, 0x41])), Buffer.from("0000")]);
    expect(Buffer.from(packOfResponse(answer) ?? []).equals(data)).toBe(true);
    expect(() => packOfResponse(Buffer.from("zzzz"))).toThrow();
    expect(packOfResponse(Buffer.concat([line(Buffer.from("NAK\n")), data]))?.byteLength).toBe(data.byteLength);
  });
});
