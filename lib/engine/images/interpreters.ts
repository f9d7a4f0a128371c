import path from "node:path";
import { z } from "zod";

/** The interpreter images run on unless their registration names another. */
export const DEFAULT_INTERPRETER = "python3";

/** Allow-listed interpreters by name → absolute path on the engine's host. */
export type Interpreters = ReadonlyMap<string, string>;

export const InterpreterName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "must be an interpreter name such as python3");

const AbsolutePath = z.string().refine((p) => path.isAbsolute(p) && path.normalize(p) === p, "must be a normalised absolute path");

const InterpreterList = z
  .string()
  .transform((text) => text.split(",").map((entry) => entry.trim()).filter(Boolean))
  .pipe(
    z.array(
      z
        .string()
        .transform((entry) => {
          const eq = entry.indexOf("=");
          return eq < 0 ? { name: entry, path: "" } : { name: entry.slice(0, eq).trim(), path: entry.slice(eq + 1).trim() };
        })
        .pipe(z.object({ name: InterpreterName, path: AbsolutePath })),
    ),
  );

export class InterpreterConfigError extends Error {}

/**
 * The engine's allow-list, from its own environment (never from a request): `FERRY_ENGINE_PYTHON` is the
 * `python3` interpreter (default /usr/bin/python3), `FERRY_ENGINE_INTERPRETERS=name=/abs/path,...` adds more.
 */
export function interpretersFromEnv(source: Readonly<Record<string, string | undefined>> = process.env): Interpreters {
  const python = AbsolutePath.safeParse(source.FERRY_ENGINE_PYTHON || "/usr/bin/python3");
  if (!python.success) throw new InterpreterConfigError(`FERRY_ENGINE_PYTHON ${python.error.issues[0]?.message ?? "is invalid"}.`);
  const extra = InterpreterList.safeParse(source.FERRY_ENGINE_INTERPRETERS ?? "");
  if (!extra.success) {
    throw new InterpreterConfigError(`FERRY_ENGINE_INTERPRETERS must be name=/absolute/path pairs separated by commas: ${extra.error.issues.map((i) => i.message).join("; ")}.`);
  }
  return new Map([[DEFAULT_INTERPRETER, python.data], ...extra.data.map((entry): [string, string] => [entry.name, entry.path])]);
}

export class InterpreterNotAllowed extends Error {}

/**
 * The allow-listed name a registration asks for. The exact configured path of an allowed interpreter is
 * accepted as an alias for its name (registrations made before names existed sent paths); nothing else is.
 */
export function allowedInterpreter(interpreters: Interpreters, requested: string | undefined): string {
  if (requested === undefined) return DEFAULT_INTERPRETER;
  if (interpreters.has(requested)) return requested;
  const alias = [...interpreters].find(([, executable]) => executable === requested);
  if (alias) return alias[0];
  throw new InterpreterNotAllowed(`The interpreter '${requested}' is not allowed; this engine allows: ${[...interpreters.keys()].join(", ")} (set by FERRY_ENGINE_PYTHON and FERRY_ENGINE_INTERPRETERS on the engine's host).`);
}
