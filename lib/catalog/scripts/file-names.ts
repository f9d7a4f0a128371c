/**
 * Upload rules for a model's code. Names come from browsers and zip archives, so nothing in them is trusted:
 * they become S3 keys under ferry/code/<model>/<version>/ and paths inside a job's /opt/ml.
 */
export const SCRIPT_LIMITS = {
  maxFiles: 50,
  maxFileBytes: 1_000_000,
  maxTotalBytes: 4_000_000,
  maxNameLength: 200,
  maxDepth: 4,
} as const;

export const ALLOWED_EXTENSIONS = [".py", ".txt", ".json", ".yaml", ".yml", ".csv", ".cfg", ".ini", ".toml", ".sh", ".sql", ".md", ".pkl", ".joblib"] as const;

export type SanitizedName = { ok: true; name: string } | { ok: false; reason: string };

const SAFE_SEGMENT = /[^A-Za-z0-9._-]+/g;

/**
 * A relative, forward-slash file name that cannot leave its prefix: no absolute paths, drive letters, "..",
 * hidden files or folders (".env", "__MACOSX"), control characters. Other unusual characters become "_".
 */
export function sanitizeFileName(raw: string): SanitizedName {
  if (/[\u0000-\u001f\u007f]/.test(raw)) return { ok: false, reason: "contains control characters" };
  const slashed = raw.trim().replaceAll("\\", "/");
  if (slashed === "") return { ok: false, reason: "is empty" };
  if (slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed)) return { ok: false, reason: "is an absolute path" };
  const segments = slashed.split("/").filter((segment, i) => !(segment === "." && i === 0) && segment !== "");
  if (segments.some((segment) => segment === ".." || segment === ".")) return { ok: false, reason: "leaves its folder (..)" };
  if (segments.some((segment) => segment.startsWith(".") || segment === "__MACOSX")) return { ok: false, reason: "is a hidden file or folder" };
  if (segments.length === 0) return { ok: false, reason: "is empty" };
  if (segments.length > SCRIPT_LIMITS.maxDepth) return { ok: false, reason: `is nested more than ${SCRIPT_LIMITS.maxDepth} folders deep` };
  const name = segments.map((segment) => segment.replace(SAFE_SEGMENT, "_")).join("/");
  if (name.length > SCRIPT_LIMITS.maxNameLength) return { ok: false, reason: `is longer than ${SCRIPT_LIMITS.maxNameLength} characters` };
  return { ok: true, name };
}

export function hasAllowedExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return ALLOWED_EXTENSIONS.some((ext) => lower.endsWith(ext)) || lower.endsWith("dockerfile");
}

export function isPython(name: string): boolean {
  return name.toLowerCase().endsWith(".py");
}

export function isRequirements(name: string): boolean {
  return /(^|\/)requirements[\w.-]*\.txt$/i.test(name);
}

/** The module name a Python file provides to sibling scripts ("utils/io.py" → "utils", "helpers.py" → "helpers"). */
export function localModuleOf(name: string): string | null {
  if (!isPython(name)) return null;
  return name.split("/")[0]?.replace(/\.py$/i, "") ?? null;
}
