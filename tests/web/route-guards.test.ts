// Every way to change something over HTTP passes the same-origin and media-type guard of lib/http: route
// handlers through mutationRoute (commandRoute and uploadRoute are built on it), pages' server actions through
// proxy.ts. This reads the sources, so a new route that exports a bare POST fails here before it ships.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MUTATING = ["POST", "PUT", "PATCH", "DELETE"] as const;
const GUARDED = /^export const (POST|PUT|PATCH|DELETE) = (commandRoute|uploadRoute|mutationRoute)\(/m;

function routeFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return routeFiles(relative);
    return name === "route.ts" ? [relative] : [];
  });
}

const routes = routeFiles("app/api");
const source = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

describe("route handlers under app/api", () => {
  it("include the roles API, the uploads and better-auth's", () => {
    for (const file of ["app/api/admin/users/roles/route.ts", "app/api/catalog/bulk/import/route.ts", "app/api/auth/[...all]/route.ts"]) expect(routes).toContain(file);
  });

  it.each(routes)("%s exports every mutating method through the guarded wrappers", (file) => {
    const text = source(file);
    // Webhooks come from Git servers (no session, no Origin): their door is the repository's signature (lib/http/git-routes.ts).
    const doors = file.startsWith("app/api/webhooks/") ? "webhookRoute" : "commandRoute|uploadRoute|mutationRoute|jsonOperationRoute";
    for (const method of MUTATING) {
      const exported = new RegExp(`export\\s+(const|let|var|async\\s+function|function)\\s+${method}\\b|export\\s*\\{[^}]*\\b${method}\\b`).test(text);
      if (exported) expect(text, `${file} ${method}`).toMatch(new RegExp(`export const ${method} = (${doors})\\(`));
    }
  });

  it("the Git wrappers: JSON operations go through the door, webhooks check media type and size before the signature", () => {
    const git = source("lib/http/git-routes.ts");
    expect(git).toMatch(/export function jsonOperationRoute[^{]*\{\s*return mutationRoute\(/);
    const hook = git.slice(git.indexOf("export function webhookRoute"));
    expect(hook.indexOf("requireMediaType")).toBeGreaterThan(0);
    expect(hook.indexOf("readCappedBytes")).toBeGreaterThan(hook.indexOf("requireMediaType"));
    expect(hook.indexOf("receiveWebhook")).toBeGreaterThan(hook.indexOf("readCappedBytes"));
  });

  it("the wrappers themselves check the origin and the media type before anything else", () => {
    const wrapper = source("lib/http/route-handler.ts");
    const door = wrapper.slice(wrapper.indexOf("export function mutationRoute"), wrapper.indexOf("export function commandRoute"));
    expect(door.indexOf("crossOriginRefusal")).toBeGreaterThan(0);
    expect(door.indexOf("requireMediaType")).toBeGreaterThan(door.indexOf("crossOriginRefusal"));
    expect(door.indexOf("handle(request")).toBeGreaterThan(door.indexOf("requireMediaType"));
    for (const built of ["commandRoute", "uploadRoute"]) {
      const body = wrapper.slice(wrapper.indexOf(`export function ${built}`));
      expect(body, built).toMatch(new RegExp(`^export function ${built}[^{]*\\{\\s*return mutationRoute\\(`));
    }
  });

  it("at least one route is guarded (the pattern still matches real files)", () => {
    expect(routes.filter((file) => GUARDED.test(source(file))).length).toBeGreaterThanOrEqual(5);
  });
});

describe("server actions", () => {
  it("are guarded by proxy.ts for every non-GET page request", () => {
    const proxy = source("proxy.ts");
    expect(proxy).toMatch(/actionRequestRefusal\(request/);
    // Pages only: API routes guard themselves, and the proxy must not copy their (upload-sized) bodies.
    expect(proxy).toContain("(?!api/");
  });
});
