// Every way into Ferry goes through the one pipeline (lib/commands): server actions are built by serverAction /
// serverOperation / serverQuery, and route handlers that change anything by commandRoute (or uploadRoute, which
// streams a multipart body into an operation, or jsonOperationRoute, a JSON body into one). A hand-written action or POST handler would skip the role check
// and the audit, so this reads the sources and refuses one.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Route handlers that are not Ferry commands, and why. */
const EXEMPT_ROUTES: Record<string, string> = {
  "app/api/auth/[...all]/route.ts": "better-auth's own endpoints (sign-in, sign-out, session)",
  "app/api/health/route.ts": "read-only health report for load balancers, no caller data",
  "app/api/health/live/route.ts": "liveness for load balancers: answers without touching anything",
  "app/api/health/ready/route.ts": "read-only readiness report for load balancers, no caller data",
  "app/api/webhooks/git/[id]/route.ts": "a Git server's delivery: no session, proven by the repository's signature (lib/http/git-routes.ts webhookRoute)",
  "app/api/runs/events/route.ts": "a server-sent events stream held open until the browser leaves (queryRoute answers once); readers only, checked by runChangeStream (tests/events/run-changes.integration.test.ts)",
};

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return filesUnder(relative, keep);
    return keep(relative) ? [relative] : [];
  });
}

const SOURCES = ["app", "components", "lib"].flatMap((dir) => filesUnder(dir, (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f)));

function isUseServer(source: string): boolean {
  return /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(source);
}

describe("server actions", () => {
  const files = SOURCES.filter((f) => f.startsWith("app/") && isUseServer(readFileSync(path.join(ROOT, f), "utf8")));

  it("exist (the Admin page's at least)", () => {
    expect(files).toContain("app/(app)/admin/actions.ts");
  });

  it.each(files)("%s exports only actions built by the pipeline", (file) => {
    const source = readFileSync(path.join(ROOT, file), "utf8");
    const exports = [...source.matchAll(/^export\s+(.*)$/gm)].map((m) => m[1] ?? "");
    expect(exports.length).toBeGreaterThan(0);
    for (const line of exports) {
      expect(line, `${file}: export ${line}`).toMatch(/^const \w+ = server(Action|Operation|Query)\(/);
    }
  });

  it("no component or lib file declares inline server actions", () => {
    const inline = SOURCES.filter((f) => !f.startsWith("app/") || !f.endsWith("actions.ts")).filter((f) => {
      const source = readFileSync(path.join(ROOT, f), "utf8");
      return /^\s+["']use server["']/m.test(source);
    });
    expect(inline).toEqual([]);
  });
});

describe("route handlers", () => {
  const routes = SOURCES.filter((f) => f.startsWith("app/") && path.basename(f) === "route.ts");

  it("include the roles API", () => {
    expect(routes).toContain("app/api/admin/users/roles/route.ts");
  });

  it("exempt only files that exist", () => {
    for (const file of Object.keys(EXEMPT_ROUTES)) expect(routes).toContain(file);
  });

  it.each(routes.filter((f) => !(f in EXEMPT_ROUTES)))("%s changes nothing outside commandRoute", (file) => {
    const source = readFileSync(path.join(ROOT, file), "utf8");
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const declared = new RegExp(`export\\s+(const|async function|function)\\s+${method}\\b`).test(source);
      // /api/v1's door (apiRoute) runs each operation's commands, queries or operations (lib/api/endpoints).
      if (declared) expect(source, `${file} ${method}`).toMatch(new RegExp(`export const ${method} = (commandRoute|uploadRoute|jsonOperationRoute|apiRoute)\\(`));
    }
    // Reads go through a helper (queryRoute, downloads), never a hand-written handler that could skip the role check.
    expect(source, `${file}: hand-written GET`).not.toMatch(/export\s+(async\s+)?function\s+GET\b/);
  });
});
