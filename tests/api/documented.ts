// Checks real answers of /api/v1 against the OpenAPI document it serves: the schema documented for the
// operation, status and media type, validated by Ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect).
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { openApiDocument } from "@/lib/api/registry";

type Document = ReturnType<typeof openApiDocument> & { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

const pointer = (part: string) => part.replaceAll("~", "~0").replaceAll("/", "~1");

export function documentedAnswers() {
  const document = openApiDocument() as Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, "openapi");
  const checked: string[] = [];

  /** Validates the response's JSON against its documented schema; returns the body. */
  async function check(response: Response, method: string, path: string): Promise<unknown> {
    const full = `/api/v1${path}`;
    const operation = document.paths[full]?.[method.toLowerCase()];
    expect(operation, `${method} ${full} is documented`).toBeDefined();
    const status = String(response.status);
    const documented = operation?.responses[status];
    expect(documented, `${method} ${full} documents ${status}`).toBeDefined();
    const mediaType = (response.headers.get("content-type") ?? "").split(";")[0] ?? "";
    expect(Object.keys(documented?.content ?? {}), `${method} ${full} ${status} answers ${mediaType}`).toContain(mediaType);
    const body: unknown = await response.clone().json();
    const ref = `openapi#/paths/${pointer(full)}/${method.toLowerCase()}/responses/${status}/content/${pointer(mediaType)}/schema`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    expect(validate(body) ? [] : validate.errors, `${method} ${full} ${status}`).toEqual([]);
    checked.push(`${method.toUpperCase()} ${path} ${status}`);
    return body;
  }
  return { document, check, checked };
}
