import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { openApiDocument } from "@/lib/api/registry";
import { PROBLEM_TYPES } from "@/lib/api/problem";
import { OperationView, type Operation } from "./_components/operation-view";
import { SchemaView } from "./_components/schema-view";

export const metadata: Metadata = { title: "API" };

type Paths = Record<string, Record<string, Operation & { tags?: string[] }>>;

/** The REST API's own OpenAPI document, rendered here (nothing is fetched from elsewhere). */
export default async function ApiDocsPage() {
  await requireActor();
  const document = openApiDocument();
  const operations = Object.entries(document.paths as Paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
  const tags = [...new Set(operations.map((o) => o.operation.tags?.[0] ?? "Other"))];
  const schemas = Object.entries(document.components?.schemas ?? {});
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">REST API</h1>
        <p className="mt-1 text-slate-600">
          {operations.length} operations under <code>/api/v1</code>, with the same rules as these pages. Authenticate with a personal access token from your{" "}
          <a href="/profile" className="text-brand-700 underline">
            profile
          </a>{" "}
          (<code>Authorization: Bearer ferry_pat_…</code>); here, your session may try the reads. The machine-readable document is{" "}
          <a href="/api/v1/openapi.json" className="text-brand-700 underline">
            /api/v1/openapi.json
          </a>{" "}
          (OpenAPI 3.1); the <code>ferry</code> CLI (<code>npx ferry --help</code>) speaks it for you.
        </p>
      </div>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-2">
          <h2 id={`tag-${tag}`} className="text-lg font-semibold">
            {tag}
          </h2>
          {operations
            .filter((o) => (o.operation.tags?.[0] ?? "Other") === tag)
            .map((o) => (
              <OperationView key={`${o.method} ${o.path}`} method={o.method} path={o.path} operation={o.operation} />
            ))}
        </section>
      ))}
      <section id="problems" aria-labelledby="problems-title" className="space-y-2">
        <h2 id="problems-title" className="text-lg font-semibold">
          Problems
        </h2>
        <p className="text-sm text-slate-600">
          Errors come as <code>application/problem+json</code> (RFC 9457): <code>type</code> links here, <code>errors</code> names each refused field.
        </p>
        <dl className="grid gap-1 text-sm sm:grid-cols-[max-content_1fr]">
          {Object.entries(PROBLEM_TYPES).map(([code, problem]) => (
            <div key={code} id={`problem-${problem.slug}`} className="contents">
              <dt>
                <code>{code}</code>
              </dt>
              <dd>{problem.title}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="schemas-title" className="space-y-2">
        <h2 id="schemas-title" className="text-lg font-semibold">
          Schemas
        </h2>
        {schemas.map(([name, schema]) => (
          <div key={name} id={`schema-${name}`} className="rounded-lg border border-slate-200 bg-white p-2">
            <h3 className="font-mono text-sm font-semibold">{name}</h3>
            <SchemaView schema={schema} />
          </div>
        ))}
      </section>
    </div>
  );
}
