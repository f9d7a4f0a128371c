import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slugField } from "@/lib/catalog/models/fields";
import { pipelineNameField, releaseStateMachineName, STATE_MACHINE_NAME_PATTERN, STATE_MACHINE_SPACES, type StateMachineKind } from "@/lib/pipelines/names";
import { deploymentStateMachineName, parityStateMachineName } from "./naming";

const spacesOf = (name: string): StateMachineKind[] =>
  (Object.entries(STATE_MACHINE_SPACES) as [StateMachineKind, string][]).filter(([, prefix]) => name.startsWith(prefix)).map(([kind]) => kind);

/** Names as a user could type them, including the hostile ones: other spaces' prefixes, any case, any length. */
const typedName = fc.oneof(
  fc.string({ maxLength: 90 }),
  fc.constantFrom(...Object.values(STATE_MACHINE_SPACES), "ferry-", "FERRY-", "Ferry-dp-").chain((prefix) => fc.string({ maxLength: 75 }).map((rest) => `${prefix}${rest}`)),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,90}$/),
);
const pipelineName = typedName.map((raw) => pipelineNameField.safeParse(raw)).filter((r) => r.success).map((r) => r.data);
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/).filter((s) => slugField.safeParse(s).success);

describe("state machine name spaces", () => {
  it("refuses user-chosen pipeline names that start with ferry- (any case) or would not fit", () => {
    for (const hostile of ["ferry-dp-churn", "ferry-pr-0123", "ferry-pl-x", "FERRY-anything", "ferry-", "a".repeat(72)]) {
      expect(pipelineNameField.safeParse(hostile).success, hostile).toBe(false);
    }
    expect(pipelineNameField.safeParse("a".repeat(71)).success).toBe(true);
  });

  it("maps every accepted pipeline name into the release space only, as a valid name of at most 80", () => {
    fc.assert(
      fc.property(typedName, (raw) => {
        const parsed = pipelineNameField.safeParse(raw);
        if (!parsed.success) return;
        expect(parsed.data).not.toMatch(/^ferry-/i);
        const name = releaseStateMachineName(parsed.data);
        expect(name).toMatch(STATE_MACHINE_NAME_PATTERN);
        expect(spacesOf(name)).toEqual(["release"]);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps releases, deployments and parity runs apart, and each space one-to-one", () => {
    fc.assert(
      fc.property(pipelineName, pipelineName, slug, slug, fc.uuid(), fc.uuid(), (p1, p2, s1, s2, d1, d2) => {
        const names = { release: releaseStateMachineName(p1), deployment: deploymentStateMachineName(s1), parity: parityStateMachineName(d1) };
        for (const [kind, name] of Object.entries(names)) {
          expect(name).toMatch(STATE_MACHINE_NAME_PATTERN);
          expect(spacesOf(name)).toEqual([kind]);
          // A user-chosen name is never a name Ferry makes, so it can never be asked to update one.
          expect(name).not.toBe(p1);
        }
        expect(releaseStateMachineName(p2) === names.release).toBe(p1 === p2);
        expect(deploymentStateMachineName(s2) === names.deployment).toBe(s1 === s2);
        expect(parityStateMachineName(d2) === names.parity).toBe(d1.toLowerCase() === d2.toLowerCase());
      }),
      { numRuns: 1000 },
    );
  });
});
