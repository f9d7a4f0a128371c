import { SchemaView } from "./schema-view";
import { TryIt } from "./try-it";

type Parameter = { name: string; in: string; required?: boolean; schema?: unknown; description?: string };
type Content = Record<string, { schema?: unknown }>;
export type Operation = {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Content };
  responses: Record<string, { description: string; content?: Content }>;
};

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-900",
  post: "bg-emerald-100 text-emerald-900",
  put: "bg-amber-100 text-amber-900",
  patch: "bg-amber-100 text-amber-900",
  delete: "bg-red-100 text-red-900",
};

function Contents({ content }: { content: Content }) {
  return (
    <>
      {Object.entries(content).map(([mediaType, { schema }]) => (
        <div key={mediaType} className="mt-1">
          <span className="text-xs text-slate-600">{mediaType}</span>
          <SchemaView schema={schema} />
        </div>
      ))}
    </>
  );
}

export function OperationView({ method, path, operation }: { method: string; path: string; operation: Operation }) {
  const parameters = operation.parameters ?? [];
  return (
    <details id={operation.operationId} className="rounded-lg border border-slate-200 bg-white">
      <summary className="flex cursor-pointer flex-wrap items-center gap-2 p-2">
        <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_STYLE[method] ?? ""}`}>{method}</span>
        <code className="text-sm">{path}</code>
        <span className="text-sm text-slate-600">{operation.summary}</span>
      </summary>
      <div className="space-y-3 border-t border-slate-100 p-3 text-sm">
        {operation.description && <p>{operation.description}</p>}
        {parameters.length > 0 && (
          <div>
            <h4 className="font-medium">Parameters</h4>
            <ul className="ml-4 space-y-0.5 text-xs">
              {parameters.map((p) => (
                <li key={`${p.in}.${p.name}`}>
                  <code className="font-semibold">{p.name}</code> ({p.in}
                  {p.required ? ", required" : ""}): <SchemaView schema={p.schema} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {operation.requestBody && (
          <div>
            <h4 className="font-medium">Request body</h4>
            <Contents content={operation.requestBody.content} />
          </div>
        )}
        <div>
          <h4 className="font-medium">Responses</h4>
          <ul className="space-y-1">
            {Object.entries(operation.responses).map(([status, response]) => (
              <li key={status}>
                <code className="font-semibold">{status}</code> {response.description}
                {response.content && <Contents content={response.content} />}
              </li>
            ))}
          </ul>
        </div>
        {method === "get" && (
          <TryIt path={path} params={parameters.filter((p) => p.in === "path").map((p) => p.name)} query={parameters.filter((p) => p.in === "query").map((p) => p.name)} />
        )}
      </div>
    </details>
  );
}
