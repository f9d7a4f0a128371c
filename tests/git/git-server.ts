// A real Git server for tests: bare repositories made with the system git and served over Git's smart HTTP by
// `git http-backend` (CGI) behind a tiny Node HTTP server on 127.0.0.1, optionally behind an HTTPS-style token.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const GIT_ENV = { GIT_AUTHOR_NAME: "Legacy Author", GIT_AUTHOR_EMAIL: "author@example.com", GIT_COMMITTER_NAME: "Legacy Author", GIT_COMMITTER_EMAIL: "author@example.com", GIT_CONFIG_NOSYSTEM: "1", HOME: os.tmpdir() };

export type GitServer = {
  /** http://127.0.0.1:<port>/<name>.git */
  url: (name: string) => string;
  origin: string;
  /** Requests the server answered (a refused fetch must leave this unchanged). */
  requests: () => number;
  /** Every Authorization header the server was sent (a token must reach only its own server). */
  authorizations: () => string[];
  repository: (name: string) => Promise<Repository>;
  close: () => Promise<void>;
};

export type Repository = {
  /** Writes files (path → text, Buffer, or { symlink: target }), commits everything, pushes the branch; returns the commit SHA. */
  commit: (files: Record<string, string | Buffer | { symlink: string }>, message?: string) => Promise<string>;
  remove: (paths: string[]) => Promise<string>;
  tag: (name: string, annotated?: boolean) => Promise<void>;
  branch: (name: string) => Promise<void>;
  git: (...args: string[]) => Promise<string>;
};

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run("git", args, { cwd, env: { ...process.env, ...GIT_ENV } });
  return stdout.trim();
}

/** Runs git http-backend for one request (CGI: env in, body on stdin, headers then body out). */
function backend(root: string, request: http.IncomingMessage, response: http.ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://localhost");
  const child = spawn("git", ["http-backend"], {
    env: {
      ...process.env,
      ...GIT_ENV,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: "1",
      REQUEST_METHOD: request.method ?? "GET",
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: request.headers["content-type"] ?? "",
      REMOTE_ADDR: "127.0.0.1",
    },
  });
  request.pipe(child.stdin);
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  child.on("close", () => {
    const out = Buffer.concat(chunks);
    const split = out.indexOf("\r\n\r\n");
    const head = out.subarray(0, split).toString("latin1").split("\r\n");
    let status = 200;
    for (const line of head) {
      const [name, ...rest] = line.split(":");
      const value = rest.join(":").trim();
      if (name?.toLowerCase() === "status") status = Number.parseInt(value, 10);
      else if (name) response.setHeader(name, value);
    }
    response.statusCode = status;
    response.end(out.subarray(split + 4));
  });
}

/**
 * Starts the server. With `token`, every request needs HTTP basic auth whose password is the token (as GitHub
 * and GitLab take HTTPS tokens). `redirectTo` answers every request with a 302 to that origin, same path.
 */
export async function startGitServer(options: { token?: string; redirectTo?: string } = {}): Promise<GitServer> {
  const root = await mkdtemp(path.join(os.tmpdir(), "ferry-git-server-"));
  let count = 0;
  const authorizations: string[] = [];
  const server = http.createServer((request, response) => {
    count++;
    if (request.headers.authorization) authorizations.push(request.headers.authorization);
    if (options.redirectTo) {
      response.writeHead(302, { Location: `${options.redirectTo}${request.url ?? "/"}` }).end();
      return;
    }
    if (options.token) {
      const given = Buffer.from((request.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString().split(":")[1];
      if (given !== options.token) {
        response.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' }).end("token required");
        return;
      }
    }
    backend(root, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function repository(name: string): Promise<Repository> {
    const bare = path.join(root, `${name}.git`);
    const work = path.join(root, `${name}-work`);
    await git(root, "init", "--bare", "--initial-branch=main", bare);
    await git(root, "init", "--initial-branch=main", work);
    await git(work, "remote", "add", "origin", bare);
    const push = async () => {
      await git(work, "push", "--quiet", "origin", "HEAD");
      return git(work, "rev-parse", "HEAD");
    };
    return {
      commit: async (files, message = "change") => {
        for (const [file, content] of Object.entries(files)) {
          const target = path.join(work, file);
          await mkdir(path.dirname(target), { recursive: true });
          await rm(target, { force: true });
          if (typeof content === "object" && !Buffer.isBuffer(content)) await symlink(content.symlink, target);
          else await writeFile(target, content);
        }
        await git(work, "add", "-A");
        await git(work, "commit", "--quiet", "-m", message);
        return push();
      },
      remove: async (paths) => {
        await git(work, "rm", "--quiet", ...paths);
        await git(work, "commit", "--quiet", "-m", `remove ${paths.join(" ")}`);
        return push();
      },
      tag: async (tag, annotated = false) => {
        await git(work, "tag", ...(annotated ? ["-a", "-m", tag] : []), tag);
        await git(work, "push", "--quiet", "origin", tag);
      },
      branch: async (branch) => {
        await git(work, "checkout", "--quiet", "-B", branch);
      },
      git: (...args) => git(work, ...args),
    };
  }

  return {
    url: (name) => `${origin}/${name}.git`,
    origin,
    requests: () => count,
    authorizations: () => [...authorizations],
    repository,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}
