import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

export type Finding = { path: string; rule: string; impact: string; targets: string[] };

/** The page's serious and critical axe-core violations (WCAG 2.1 A and AA), each named by the page's path. */
export async function axeFindings(page: Page, path: string): Promise<Finding[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ path, rule: v.id, impact: v.impact ?? "", targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
}
