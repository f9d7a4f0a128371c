/**
 * Dockerfile variable substitution (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alternative}`, `\$` for a
 * literal dollar), as the builder applies it to ENV, WORKDIR, COPY and ADD.
 */
export function substitute(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(
    /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      if (match === "\\$") return "$";
      const name = braced ?? bare ?? "";
      const value = vars[name];
      if (op === "-") return value === undefined || value === "" ? (word ?? "") : value;
      if (op === "+") return value === undefined || value === "" ? "" : (word ?? "");
      return value ?? "";
    },
  );
}
