import { describe, expect, it } from "vitest";
import { accountSignInLimiter } from "./sign-in-limit";

describe("accountSignInLimiter", () => {
  it("stops an account after its allowance, whatever address the attempts claim to come from", async () => {
    const limiter = accountSignInLimiter(3);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await limiter.attempt("victim@ferry.local"));
    expect(answers.slice(0, 3)).toEqual([null, null, null]);
    expect(answers[3]).toBeGreaterThan(0);
    expect(answers[3]).toBeLessThanOrEqual(60);
  });

  it("counts an account once however its email is written, and leaves other accounts alone", async () => {
    const limiter = accountSignInLimiter(1);
    expect(await limiter.attempt("Ada@Ferry.local")).toBeNull();
    expect(await limiter.attempt(" ada@ferry.local ")).not.toBeNull();
    expect(await limiter.attempt("max@ferry.local")).toBeNull();
  });
});
