// Fetching from real repositories (git http-backend over smart HTTP on 127.0.0.1) with Ferry's rules: refs,
// sub-folders, credentials, and the refusals (symlinks, submodules, LFS pointers, huge files, private addresses).
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchSnapshot } from "@/lib/catalog/git/snapshot";
import { GitSource } from "@/lib/catalog/git/source";
import { isPublicAddress } from "@/lib/catalog/git/address";
import { AppError } from "@/lib/commands/errors";
import { startGitServer, type GitServer, type Repository } from "./git-server";

const LOOPBACK_ALLOWED = { allowed: (host: string) => host === "127.0.0.1" };
const NOTHING_ALLOWED = { allowed: () => false };
const source = (url: string, ref: string, subfolder = "") => GitSource.parse({ url, ref, subfolder });

let server: GitServer;
let locked: GitServer;
let repo: Repository;
let first: string;
let second: string;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  server = await startGitServer();
  locked = await startGitServer({ token: "s3cret-token" });
  repo = await server.repository("legacy");
  first = await repo.commit({ "models/churn/preprocess.py": "print('v1')\n", "models/churn/requirements.txt": "pandas\n", "README.md": "# legacy\n", ".gitignore": "*.pyc\n" });
  await repo.tag("v1");
  await repo.tag("v1-annotated", true);
  second = await repo.commit({ "models/churn/preprocess.py": "print('v2')\n" });
});

afterAll(async () => {
  await server.close();
  await locked.close();
});

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

describe("fetching a commit", () => {
  it("at a branch: the head's files, hidden files skipped with their reason", async () => {
    const snapshot = await fetchSnapshot(source(server.url("legacy"), "main"), null, LOOPBACK_ALLOWED);
    expect(snapshot.commit).toBe(second);
    expect(snapshot.files.map((f) => f.name).sort()).toEqual(["README.md", "models/churn/preprocess.py", "models/churn/requirements.txt"]);
    expect(snapshot.skipped).toEqual([{ path: ".gitignore", reason: "is a hidden file or folder" }]);
  });

  it("at a tag, lightweight or annotated, and at a commit", async () => {
    for (const ref of ["v1", "v1-annotated", first]) {
      const snapshot = await fetchSnapshot(source(server.url("legacy"), ref, "models/churn"), null, LOOPBACK_ALLOWED);
      expect(snapshot.commit, ref).toBe(first);
      expect(text(snapshot.files.find((f) => f.name === "preprocess.py")?.bytes ?? new Uint8Array())).toBe("print('v1')\n");
    }
  });

  it("names a missing branch, commit or sub-folder", async () => {
    expect((await refusal(fetchSnapshot(source(server.url("legacy"), "nope"), null, LOOPBACK_ALLOWED))).userMessage).toContain("nope is not a branch, tag or commit");
    expect((await refusal(fetchSnapshot(source(server.url("legacy"), "0".repeat(40)), null, LOOPBACK_ALLOWED))).userMessage).toContain("is not on any branch");
    expect((await refusal(fetchSnapshot(source(server.url("legacy"), "main", "models/none"), null, LOOPBACK_ALLOWED))).userMessage).toContain("models/none is not a folder");
  });

  it("with a token where the server needs one; without it or with a wrong one, refused", async () => {
    const repo2 = await locked.repository("private");
    await repo2.commit({ "predict.py": "print(1)\n" });
    const snapshot = await fetchSnapshot(source(locked.url("private"), "main"), { username: "x-access-token", token: "s3cret-token" }, LOOPBACK_ALLOWED);
    expect(snapshot.files.map((f) => f.name)).toEqual(["predict.py"]);
    expect((await refusal(fetchSnapshot(source(locked.url("private"), "main"), null, LOOPBACK_ALLOWED))).userMessage).toContain("refused the credentials (HTTP 401)");
    const wrong = await refusal(fetchSnapshot(source(locked.url("private"), "main"), { username: "x", token: "guess" }, LOOPBACK_ALLOWED));
    expect(wrong.userMessage).toContain("HTTP 401");
    expect(wrong.userMessage).not.toContain("guess");
  });
});

describe("refusals", () => {
  it("a loopback server is refused unless its host is allowed, before any request reaches it", async () => {
    const before = server.requests();
    const error = await refusal(fetchSnapshot(source(server.url("legacy"), "main"), null, NOTHING_ALLOWED));
    expect(error.userMessage).toContain("Use an https:// URL");
    const https = await refusal(fetchSnapshot(source(server.url("legacy").replace("http:", "https:"), "main"), null, NOTHING_ALLOWED));
    expect(https.userMessage).toContain("127.0.0.1 resolves to 127.0.0.1, a loopback or private address");
    const named = await refusal(fetchSnapshot(source("https://localhost:1/x.git", "main"), null, NOTHING_ALLOWED));
    expect(named.userMessage).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback or private address/);
    expect(server.requests()).toBe(before);
  });

  it("a redirect to a private address is refused even when the first host is allowed", async () => {
    const bouncer = await startGitServer({ redirectTo: "http://10.255.255.1" });
    try {
      const error = await refusal(fetchSnapshot(source(bouncer.url("legacy"), "main"), null, LOOPBACK_ALLOWED));
      expect(error.userMessage).toContain("10.255.255.1 resolves to 10.255.255.1");
    } finally {
      await bouncer.close();
    }
  });

  it("a redirect to another host is followed without the token", async () => {
    const target = await startGitServer();
    const bouncer = await startGitServer({ redirectTo: target.origin });
    try {
      await (await target.repository("moved")).commit({ "predict.py": "print(1)\n" });
      const snapshot = await fetchSnapshot(source(bouncer.url("moved"), "main"), { username: "x-access-token", token: "s3cret-token" }, LOOPBACK_ALLOWED);
      expect(snapshot.files.map((f) => f.name)).toEqual(["predict.py"]);
      expect(bouncer.authorizations().length).toBeGreaterThan(0);
      expect(target.authorizations()).toEqual([]);
    } finally {
      await Promise.all([bouncer.close(), target.close()]);
    }
  });

  it("symlinks, submodules, LFS pointers and files above 1 MB refuse the import, each named", async () => {
    const bad = await server.repository("bad");
    await bad.commit({ "preprocess.py": "print(1)\n", "link.py": { symlink: "/etc/passwd" } });
    expect((await refusal(fetchSnapshot(source(server.url("bad"), "main"), null, LOOPBACK_ALLOWED))).userMessage).toContain("Symbolic links (link.py)");
    await bad.remove(["link.py"]);
    await bad.git("update-index", "--add", "--cacheinfo", `160000,${first},vendor/lib`);
    // A gitlink without its folder in the work tree: committed from the index as it is.
    await bad.git("commit", "--quiet", "-m", "add a submodule");
    await bad.git("push", "--quiet", "origin", "HEAD");
    expect((await refusal(fetchSnapshot(source(server.url("bad"), "main"), null, LOOPBACK_ALLOWED))).userMessage).toContain("Submodules (vendor/lib)");
    await bad.git("rm", "--cached", "--quiet", "vendor/lib");
    await bad.commit({ "weights.pkl": "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12345\n" });
    expect((await refusal(fetchSnapshot(source(server.url("bad"), "main"), null, LOOPBACK_ALLOWED))).userMessage).toContain("Git LFS pointers (weights.pkl)");
    await bad.remove(["weights.pkl"]);
    await bad.commit({ "data.csv": Buffer.alloc(1_500_000, 0x61) });
    expect((await refusal(fetchSnapshot(source(server.url("bad"), "main"), null, LOOPBACK_ALLOWED))).userMessage).toContain("Files larger than 1 MB (data.csv (1.5 MB))");
  });

  it("an object that inflates past the cap is refused before the Git library inflates it", async () => {
    const bomb = await server.repository("bomb");
    // 30 MB of zeros: about 30 KB on the wire.
    await bomb.commit({ "zeros.txt": Buffer.alloc(30_000_000) });
    const error = await refusal(fetchSnapshot(source(server.url("bomb"), "main"), null, LOOPBACK_ALLOWED));
    expect(error.userMessage).toContain("an object of 30 MB, above the 20 MB Ferry reads from Git");
    expect(deflateSync(Buffer.alloc(30_000_000)).byteLength).toBeLessThan(100_000);
  });
});

describe("addresses", () => {
  it.each([
    ["127.0.0.1", false], ["10.1.2.3", false], ["172.20.0.1", false], ["192.168.1.1", false], ["169.254.169.254", false], ["100.64.0.1", false], ["0.0.0.0", false],
    ["::1", false], ["::", false], ["fe80::1", false], ["fd00::1", false], ["::ffff:127.0.0.1", false], ["::ffff:10.0.0.1", false], ["64:ff9b::a00:1", false], ["2002:7f00:1::", false],
    ["8.8.8.8", true], ["140.82.112.3", true], ["2606:4700::1111", true], ["not-an-ip", false],
  ])("%s public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
