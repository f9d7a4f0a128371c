import { checkReadiness } from "@/lib/catalog/scripts/readiness";
import { isPython, isRequirements, localModuleOf } from "@/lib/catalog/scripts/file-names";
import { type LintContext, type LintFinding, lintDockerfile } from "../dockerfile-lint";

/** A file of a build context as readiness reads it: its name, and its text (null when it is not UTF-8). */
export type ContextText = { name: string; text: string | null };

/**
 * Readiness of a whole build context: its Dockerfile linted (dockerfile-lint.ts), and every import in its Python
 * files that no requirement provides listed (the scripts' own rule, lib/catalog/scripts/readiness.ts), so a
 * `pip install -r requirements.txt` in the image does not miss a package the code needs.
 */
export function contextReadiness(files: readonly ContextText[], context: LintContext = {}): LintFinding[] {
  const dockerfile = files.find((f) => f.name === "Dockerfile");
  const findings: LintFinding[] = [];
  if (!dockerfile) findings.push({ file: "Dockerfile", line: 1, rule: "no-dockerfile", severity: "error", message: "The build context has no Dockerfile at its top level." });
  else if (dockerfile.text === null) findings.push({ file: "Dockerfile", line: 1, rule: "no-dockerfile", severity: "error", message: "The Dockerfile is not UTF-8 text." });
  else findings.push(...lintDockerfile(dockerfile.text, context));
  const requirements = files.find((f) => isRequirements(f.name) && !f.name.includes("/"))?.text ?? null;
  const localModules = files.map((f) => localModuleOf(f.name)).filter((m): m is string => m !== null);
  for (const file of files.filter((f) => isPython(f.name) && f.text !== null)) {
    const missing = checkReadiness(file.name, file.text ?? "", { requirements, localModules }).filter((w) => w.rule === "missing-requirement");
    findings.push(...missing.map((w) => ({ file: file.name, line: w.line, rule: w.rule, severity: "warning" as const, message: w.message })));
  }
  return findings;
}

export function blocking(findings: readonly LintFinding[]): LintFinding[] {
  return findings.filter((f) => f.severity === "error");
}
