import { z } from "zod";
import { DISTRIBUTION_OF, normaliseDistribution, STDLIB_MODULES } from "./python-modules";

/**
 * Checks a legacy script for what breaks or misbehaves inside a SageMaker Processing container. Warnings, not
 * errors: the data scientist decides. Line-based on purpose: fast, no Python needed, and every finding has a
 * line number to point at.
 */
export const READINESS_RULES = [
  "absolute-path",
  "windows-path",
  "interactive-input",
  "gui-window",
  "network-call",
  "no-main-guard",
  "missing-requirement",
] as const;
export type ReadinessRule = (typeof READINESS_RULES)[number];

export const ReadinessWarning = z.object({ line: z.number().int().min(1), rule: z.enum(READINESS_RULES), message: z.string() });
export type ReadinessWarning = z.infer<typeof ReadinessWarning>;
export const ReadinessWarnings = z.array(ReadinessWarning);

export type ReadinessContext = {
  /** The text of the model's requirements.txt, or null when it has none. */
  requirements: string | null;
  /** Top-level module names the model's own files provide ("helpers" for helpers.py). */
  localModules?: readonly string[];
};

type LineRule = { rule: ReadinessRule; test: (code: string) => string | null };

// Quoted string literals on a line, with their content.
const STRING_LITERAL = /(["'])((?:\\.|(?!\1).)*)\1/g;

function literals(code: string): string[] {
  return [...code.matchAll(STRING_LITERAL)].map((m) => m[2] ?? "");
}

// SageMaker gives a job /opt/ml; /tmp and the kernel's pseudo-filesystems exist in any container.
const CONTAINER_PATHS = /^\/(opt\/ml(\/|$)|tmp(\/|$)|dev\/|proc\/|usr\/bin\/|bin\/)/;

const LINE_RULES: LineRule[] = [
  {
    rule: "absolute-path",
    test: (code) => {
      const path = literals(code).find((s) => /^\/[A-Za-z0-9_.~-]/.test(s) && !CONTAINER_PATHS.test(s));
      return path ? `Absolute path "${path}" does not exist in the container; read inputs from /opt/ml/processing/input and write to /opt/ml/processing/output.` : null;
    },
  },
  {
    rule: "windows-path",
    test: (code) => {
      const path = literals(code).find((s) => /^[A-Za-z]:[\\/]/.test(s) || s.startsWith("\\\\"));
      return path ? `Windows path "${path}" cannot work on Linux; use /opt/ml/processing/... paths.` : null;
    },
  },
  {
    rule: "interactive-input",
    test: (code) => {
      const m = /\b(raw_input|input)\s*\(|\bgetpass\.getpass\s*\(|\bsys\.stdin\b/.exec(code);
      return m ? `${m[0].replace(/\s*\($/, "()")} waits for a person at a keyboard; a processing job has none. Pass values as arguments or environment variables.` : null;
    },
  },
  {
    rule: "gui-window",
    test: (code) => {
      const m = /\b(plt|pyplot)\.show\s*\(|\bcv2\.(imshow|waitKey)\s*\(|^\s*(import|from)\s+tkinter\b|\bfig\w*\.show\s*\(|\bwebbrowser\.open/.exec(code);
      return m ? `${m[0].trim()} opens a window; there is no display in the container. Save figures to /opt/ml/processing/output instead.` : null;
    },
  },
  {
    rule: "network-call",
    test: (code) => {
      const m =
        /\brequests\.(get|post|put|patch|delete|head|request|Session)\b|\burlopen\s*\(|\burllib\.request\b|\bhttp\.client\b|\bsocket\.(socket|create_connection)\b|\bboto3\.(client|resource|Session)\b|\bsmtplib\.SMTP\b|\bftplib\.FTP\b/.exec(code) ??
        (literals(code).some((s) => /^(https?|ftp):\/\//i.test(s)) ? ["a URL"] : null);
      return m ? `Network call (${m[0]}): jobs run without network by default; pass the data as a processing input.` : null;
    },
  },
];

/** The code part of a line: comment-only lines are skipped, trailing comments dropped (outside quotes, roughly). */
function codeOf(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith("#")) return "";
  const hash = line.search(/\s#(?=[^"']*$)/);
  return hash >= 0 ? line.slice(0, hash) : line;
}

/** Lines inside triple-quoted strings (docstrings) are text, not code. */
function codeLines(text: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  let inString: string | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    let code = raw;
    if (inString) {
      const end = raw.indexOf(inString);
      if (end < 0) return;
      code = raw.slice(end + 3);
      inString = null;
    }
    const open = /("""|''')/.exec(code);
    if (open?.[1]) {
      const rest = code.slice(open.index + 3);
      if (!rest.includes(open[1])) {
        inString = open[1];
        code = code.slice(0, open.index);
      }
    }
    out.push({ line: index + 1, code: codeOf(code) });
  });
  return out;
}

function importsOf(lines: { line: number; code: string }[]): { line: number; module: string }[] {
  const found: { line: number; module: string }[] = [];
  for (const { line, code } of lines) {
    const from = /^\s*from\s+([A-Za-z_][\w]*)[\w.]*\s+import\b/.exec(code);
    if (from?.[1]) {
      found.push({ line, module: from[1] });
      continue;
    }
    const imp = /^\s*import\s+(.+)$/.exec(code);
    if (!imp?.[1]) continue;
    for (const part of imp[1].split(",")) {
      const name = /^\s*([A-Za-z_]\w*)/.exec(part)?.[1];
      if (name) found.push({ line, module: name });
    }
  }
  return found;
}

/** Distribution names a requirements.txt declares (PEP 503-normalised); options and includes are ignored. */
export function requirementNames(requirements: string): Set<string> {
  const names = new Set<string>();
  for (const raw of requirements.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "" || line.startsWith("-")) continue;
    const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line)?.[1];
    if (name) names.add(normaliseDistribution(name));
  }
  return names;
}

function declared(module: string, names: Set<string>): boolean {
  const candidates = [module, DISTRIBUTION_OF[module]].filter((c): c is string => c !== undefined).map(normaliseDistribution);
  return candidates.some((c) => [...names].some((n) => n === c || n.startsWith(`${c}-`)));
}

function missingRequirements(lines: { line: number; code: string }[], context: ReadinessContext): ReadinessWarning[] {
  const names = requirementNames(context.requirements ?? "");
  const local = new Set(context.localModules ?? []);
  const seen = new Set<string>();
  const warnings: ReadinessWarning[] = [];
  for (const { line, module } of importsOf(lines)) {
    if (STDLIB_MODULES.has(module) || local.has(module) || seen.has(module) || declared(module, names)) continue;
    seen.add(module);
    const dist = DISTRIBUTION_OF[module] ?? module;
    warnings.push({
      line,
      rule: "missing-requirement",
      message: context.requirements === null ? `${module} is imported but there is no requirements.txt; add ${dist} to one.` : `${module} is imported but ${dist} is not in requirements.txt.`,
    });
  }
  return warnings;
}

// Top-level statements that only define things: a module made of these does nothing when run, which is fine.
const DEFINITION = /^(["']|import\s|from\s|def\s|async\s+def\s|class\s|@|if\s+__name__\s*==|[A-Z_][A-Z0-9_]*\s*=|$)/;

function mainGuard(lines: { line: number; code: string }[]): ReadinessWarning[] {
  if (lines.some(({ code }) => /^if\s+__name__\s*==\s*["']__main__["']\s*:/.test(code))) return [];
  const firstAction = lines.find(({ code }) => code.trim() !== "" && !/^\s/.test(code) && !DEFINITION.test(code.trim()));
  if (!firstAction) return [];
  return [
    {
      line: firstAction.line,
      rule: "no-main-guard",
      message: 'Code runs at import time (no if __name__ == "__main__": guard); wrap it in a main() so the script can be imported and tested.',
    },
  ];
}

/** Readiness warnings for one file, sorted by line. Only Python files are checked. */
export function checkReadiness(name: string, text: string, context: ReadinessContext): ReadinessWarning[] {
  if (!name.toLowerCase().endsWith(".py")) return [];
  const lines = codeLines(text);
  const warnings: ReadinessWarning[] = [];
  for (const { line, code } of lines) {
    if (code.trim() === "") continue;
    for (const rule of LINE_RULES) {
      const message = rule.test(code);
      if (message) warnings.push({ line, rule: rule.rule, message });
    }
  }
  warnings.push(...missingRequirements(lines, context), ...mainGuard(lines));
  return warnings.sort((a, b) => a.line - b.line || READINESS_RULES.indexOf(a.rule) - READINESS_RULES.indexOf(b.rule));
}
