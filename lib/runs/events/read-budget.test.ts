import { describe, expect, it } from "vitest";
import { PriorityBudget } from "./read-budget";

describe("PriorityBudget", () => {
  it("serves a run's end before progress that waited longer, at the budget's rate", async () => {
    const budget = new PriorityBudget(10);
    const order: string[] = [];
    const started = Date.now();
    const takes = [];
    for (let i = 0; i < 12; i++) takes.push(budget.for(false).take().then(() => order.push(`progress-${i}`)));
    takes.push(budget.for(true).take().then(() => order.push("end")));
    await Promise.all(takes);
    // The first ten tokens were there at once; the end takes the next one, before the two progress reads left.
    expect(order.indexOf("end")).toBe(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("lets a burst go at once, then holds to the rate", async () => {
    const budget = new PriorityBudget(10, 30);
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => budget.for(false).take()));
    expect(Date.now() - started).toBeLessThan(50);
    await Promise.all(Array.from({ length: 3 }, () => budget.for(false).take()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("keeps its reserve for ends: progress waits at the reserve while an end still goes at once", async () => {
    const budget = new PriorityBudget(10, 20, 15);
    const started = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => budget.for(false).take()));
    expect(Date.now() - started).toBeLessThan(50);
    let progressServed = false;
    const progress = budget.for(false).take().then(() => (progressServed = true));
    await Promise.all(Array.from({ length: 15 }, () => budget.for(true).take()));
    expect(Date.now() - started).toBeLessThan(50);
    expect(progressServed).toBe(false);
    await progress;
    // The fifteen ends emptied the bucket; progress waited for it to refill past the reserve (16 tokens at 10/s).
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
  });

  it("pays a progress read up front only while there is room above the reserve and no end waits", async () => {
    const budget = new PriorityBudget(1, 4, 2);
    const first = budget.prepaidProgress();
    expect(first).not.toBeNull();
    const started = Date.now();
    await first?.take();
    expect(Date.now() - started).toBeLessThan(20);
    expect(budget.prepaidProgress()).not.toBeNull();
    // Two tokens left: both the reserve's, so progress gets none; an end still does at once.
    expect(budget.prepaidProgress()).toBeNull();
    await budget.for(true).take();
    expect(Date.now() - started).toBeLessThan(20);
  });
});
