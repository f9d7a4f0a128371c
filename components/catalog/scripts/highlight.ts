/** A small Python highlighter: enough colour to read a legacy script, no parser and no dependency. */
export type Token = { kind: "keyword" | "string" | "comment" | "number" | "builtin" | "decorator" | "text"; text: string };

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);
const BUILTINS = new Set("print len range open int str float dict list set tuple enumerate zip isinstance super self input".split(" "));
const TOKEN = /(#.*$)|([rRbBuUfF]{0,2}(?:"""|'''|"(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?))|(@\w+)|(\b\d[\d_.eE+-]*\b)|([A-Za-z_]\w*)/g;

/** Tokens of one line; `inString` carries an open triple-quoted string over from the previous line. */
export function highlightLine(line: string, inString: string | null): { tokens: Token[]; inString: string | null } {
  const tokens: Token[] = [];
  let rest = line;
  if (inString) {
    const end = line.indexOf(inString);
    if (end < 0) return { tokens: [{ kind: "string", text: line }], inString };
    tokens.push({ kind: "string", text: line.slice(0, end + 3) });
    rest = line.slice(end + 3);
  }
  let last = 0;
  for (const m of rest.matchAll(TOKEN)) {
    if (m.index > last) tokens.push({ kind: "text", text: rest.slice(last, m.index) });
    const [text, comment, string, decorator, number, word] = m;
    if (comment) tokens.push({ kind: "comment", text });
    else if (string) {
      const triple = /("""|''')/.exec(string)?.[1];
      if (triple && string.indexOf(triple) === string.lastIndexOf(triple)) {
        tokens.push({ kind: "string", text: rest.slice(m.index) });
        return { tokens, inString: triple };
      }
      tokens.push({ kind: "string", text });
    } else if (decorator) tokens.push({ kind: "decorator", text });
    else if (number) tokens.push({ kind: "number", text });
    else if (word) tokens.push({ kind: KEYWORDS.has(word) ? "keyword" : BUILTINS.has(word) ? "builtin" : "text", text });
    last = m.index + text.length;
  }
  if (last < rest.length) tokens.push({ kind: "text", text: rest.slice(last) });
  return { tokens, inString: null };
}

export function highlight(text: string): Token[][] {
  let state: string | null = null;
  return text.split(/\r?\n/).map((line) => {
    const { tokens, inString } = highlightLine(line, state);
    state = inString;
    return tokens;
  });
}
