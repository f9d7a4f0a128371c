import { describe, expect, it } from "vitest";
import { substitute } from "./substitute";

describe("substitute", () => {
  const vars = { HOME: "/root", EMPTY: "" };
  it("expands $VAR and ${VAR}, unknown as empty", () => {
    expect(substitute("$HOME/a ${HOME}/b $NOPE|", vars)).toBe("/root/a /root/b |");
  });
  it("applies :- and :+ modifiers and keeps escaped dollars", () => {
    expect(substitute("${EMPTY:-dflt} ${HOME:+set} ${EMPTY:+set} \\$HOME", vars)).toBe("dflt set  $HOME");
  });
});
