import { createHighlighterCoreSync, type HighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import dockerfile from "shiki/langs/dockerfile.mjs";
import json from "shiki/langs/json.mjs";
import python from "shiki/langs/python.mjs";
import shellscript from "shiki/langs/shellscript.mjs";
import yaml from "shiki/langs/yaml.mjs";
import githubLightHighContrast from "shiki/themes/github-light-high-contrast.mjs";

/**
 * Syntax highlighting with shiki's TextMate grammars, only for the languages Ferry shows (imported one by one,
 * so nothing else is bundled and nothing is fetched at build or run time). Runs on the server: the page sends
 * coloured spans, not a highlighter.
 */
export type Token = { text: string; color?: string; italic?: boolean };
export type Language = "python" | "json" | "dockerfile" | "shellscript" | "yaml" | "text";

// The high-contrast variant: every token colour it uses for code is at least 4.5:1 on white (and on the amber of a
// flagged line); github-light's orange and red are not.
const THEME = "github-light-high-contrast";
// Past these sizes a file is shown as plain text: a grammar on megabytes of data would stall the page.
const MAX_CHARS = 300_000;
const MAX_LINE = 2_000;

let highlighter: HighlighterCore | null = null;

/** One highlighter per process: building it compiles the grammars, which is the slow part. */
function shiki(): HighlighterCore {
  highlighter ??= createHighlighterCoreSync({ themes: [githubLightHighContrast], langs: [python, json, dockerfile, shellscript, yaml], engine: createJavaScriptRegexEngine() });
  return highlighter;
}

/** The language of a file, from its name (requirements.txt and unknown files are text). */
export function languageOf(fileName: string): Language {
  const name = fileName.split("/").pop()?.toLowerCase() ?? "";
  if (name.endsWith(".py")) return "python";
  if (name.endsWith(".json")) return "json";
  if (name === "dockerfile" || name.startsWith("dockerfile.") || name.endsWith(".dockerfile")) return "dockerfile";
  if (name.endsWith(".sh") || name.endsWith(".bash")) return "shellscript";
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "yaml";
  return "text";
}

/** The file's lines as coloured tokens. */
export function highlight(text: string, language: Language): Token[][] {
  if (language === "text" || text.length > MAX_CHARS) return text.split(/\r?\n/).map((line) => [{ text: line }]);
  const lines = shiki().codeToTokensBase(text, { lang: language, theme: THEME, tokenizeMaxLineLength: MAX_LINE });
  // fontStyle is a bit set: 1 is italic.
  return lines.map((tokens) => tokens.map((t) => ({ text: t.content, color: t.color, italic: ((t.fontStyle ?? 0) & 1) === 1 })));
}
