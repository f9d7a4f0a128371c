import type { Connection } from "./config";
import { ApiError, UsageError } from "./errors";
import { sleep } from "./output";

const MAX_TRIES = 4;

export type Client = {
  url: string;
  get: <T>(path: string) => Promise<T>;
  /** The resource's ETag, for an If-Match on the change that follows. */
  etag: (path: string) => Promise<string | null>;
  send: <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<T>;
  upload: <T>(path: string, form: FormData) => Promise<T>;
};

async function parse<T>(response: Response): Promise<T> {
  return (await parseWithHeaders<T>(response)).body;
}

async function parseWithHeaders<T>(response: Response): Promise<{ body: T; headers: Headers }> {
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (response.ok) return { body: body as T, headers: response.headers };
  const problem = (body ?? {}) as ConstructorParameters<typeof ApiError>[1];
  // A token that is missing, wrong, revoked or expired is the caller's to fix: exit 3, like a usage error.
  if (response.status === 401) throw new UsageError(problem.detail ?? "The token was refused.");
  throw new ApiError(response.status, problem);
}

/** /api/v1 as the token's user: JSON in and out, problems as errors. */
export function apiClient({ url, token }: Connection): Client {
  const fetchApi = async (method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${url}/api/v1${path}`, { method, body: init.body, headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...init.headers } });
      } catch (error) {
        throw new UsageError(`Cannot reach ${url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
      }
      // Over the token's rate limit: wait as told (a minute at most) rather than fail the build.
      const wait = Number(response.headers.get("retry-after"));
      if (response.status !== 429 || attempt >= MAX_TRIES || !(wait > 0 && wait <= 60)) return response;
      await sleep(wait * 1000);
    }
  };
  const call = async <T>(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) => parse<T>(await fetchApi(method, path, init));
  return {
    url,
    get: (path) => call("GET", path),
    etag: async (path) => (await parseWithHeaders(await fetchApi("GET", path))).headers.get("etag"),
    send: (method, path, body, headers = {}) => call(method, path, body === undefined ? { headers } : { body: JSON.stringify(body), headers: { "Content-Type": "application/json", ...headers } }),
    upload: (path, form) => call("POST", path, { body: form }),
  };
}
