import { describe, expect, it } from "vitest";
import { allows, canEditModel, canStopOrRedriveRun, OBJECT_RULES, refusalFor, type ModelTarget, type ObjectActor, type RunTarget } from "./object-rules";

const model: ModelTarget = { kind: "model", label: "model churn", ownerId: "owner", team: "risk" };
const run: RunTarget = { kind: "run", label: "run r-1", startedById: "starter", modelOwnerId: "owner" };
const person = (id: string, roles: ObjectActor["roles"], teams: string[] = []): ObjectActor => ({ id, roles, teams });

describe("object rules", () => {
  it("grant by relation or by role, and nothing else", () => {
    expect(canEditModel(person("owner", ["DATA_SCIENTIST"]), model)).toBe(true);
    expect(canEditModel(person("mate", ["DATA_SCIENTIST"], ["risk"]), model)).toBe(true);
    expect(canEditModel(person("stranger", ["DATA_SCIENTIST"], ["fraud"]), model)).toBe(false);
    expect(canEditModel(person("stranger", ["MLOPS_ENGINEER"]), model)).toBe(false);
    expect(canEditModel(person("boss", ["ADMIN"]), model)).toBe(true);
    expect(canStopOrRedriveRun(person("owner", ["DATA_SCIENTIST"]), run)).toBe(true);
    expect(canStopOrRedriveRun(person("starter", ["DATA_SCIENTIST"]), run)).toBe(true);
    expect(canStopOrRedriveRun(person("ops", ["MLOPS_ENGINEER"]), run)).toBe(true);
    expect(canStopOrRedriveRun(person("stranger", ["DATA_SCIENTIST"]), run)).toBe(false);
  });

  it("grants nothing for a target of another kind, even to its owner's id", () => {
    expect(allows("image:change", person("owner", ["DATA_SCIENTIST"]), model)).toBe(false);
  });

  it("grants nothing to a caller without roles, whatever the relation", () => {
    // A disabled or role-less user never reaches here (the role gate is first), but the table itself fails closed for roles.
    expect(allows("model:transfer", person("stranger", []), model)).toBe(false);
  });

  it("says who may, in words", () => {
    expect(refusalFor("model:edit", model)).toBe("Only its owner, members of its team or admins can edit model churn.");
    expect(refusalFor("run:stop-or-redrive", run)).toBe("Only whoever started it, the model's owner, MLOps engineers or admins can stop or redrive run r-1.");
  });

  it("lets admins do every object action", () => {
    for (const rule of Object.values(OBJECT_RULES)) expect(rule.roles).toContain("ADMIN");
  });
});
