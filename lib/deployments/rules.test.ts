import { describe, expect, it } from "vitest";
import type { DeploymentStatus } from "@/generated/prisma/client";
import type { Actor, Role } from "@/lib/auth/permissions";
import { deploymentActions, isDeployable, isWithdrawable } from "./rules";

const person = (id: string, roles: Role[]): Actor => ({ id, email: `${id}@ferry.test`, name: id, roles });
const requester = person("requester", ["DATA_SCIENTIST"]);
const admin = person("admin", ["ADMIN"]);
const shown = (status: DeploymentStatus, more: { stateMachineVersionArn?: string | null; approvalHolds?: boolean } = {}) => ({
  status,
  requestedById: requester.id,
  stateMachineVersionArn: more.stateMachineVersionArn ?? null,
  approvalHolds: more.approvalHolds ?? true,
});

describe("deployment rules", () => {
  it("deploys approved and failed requests, and live ones only from before versions", () => {
    expect(isDeployable(shown("APPROVED"))).toBe(true);
    expect(isDeployable(shown("FAILED"))).toBe(true);
    expect(isDeployable(shown("LIVE"))).toBe(true);
    expect(isDeployable(shown("LIVE", { stateMachineVersionArn: "arn:aws:states:us-east-1:1:stateMachine:m:1" }))).toBe(false);
    for (const status of ["PENDING_APPROVAL", "REJECTED", "DEPLOYING", "SUPERSEDED", "WITHDRAWN"] as const) expect(isDeployable(shown(status)), status).toBe(false);
  });

  it("withdraws only what is not live yet", () => {
    expect(["PENDING_APPROVAL", "APPROVED", "FAILED"].every((s) => isWithdrawable(s as DeploymentStatus))).toBe(true);
    expect(["LIVE", "DEPLOYING", "WITHDRAWN", "REJECTED"].some((s) => isWithdrawable(s as DeploymentStatus))).toBe(false);
  });

  it("offers the decision to another admin only (four eyes)", () => {
    expect(deploymentActions(admin, shown("PENDING_APPROVAL")).decision).toBe("decide");
    expect(deploymentActions(person("requester", ["ADMIN"]), shown("PENDING_APPROVAL")).decision).toBe("another-admin");
    expect(deploymentActions(requester, shown("PENDING_APPROVAL")).decision).toBe("wait");
    expect(deploymentActions(admin, shown("APPROVED")).decision).toBeNull();
  });

  it("offers withdraw to the requester and admins, deploy to admins while the approval holds, runs on a live one", () => {
    expect(deploymentActions(requester, shown("APPROVED")).withdraw).toBe(true);
    expect(deploymentActions(requester, shown("LIVE")).withdraw).toBe(false);
    expect(deploymentActions(person("someone", ["DATA_SCIENTIST"]), shown("APPROVED")).withdraw).toBe(false);
    expect(deploymentActions(person("someone", ["MLOPS_ENGINEER"]), shown("APPROVED")).withdraw).toBe(false);
    expect(deploymentActions(admin, shown("APPROVED")).withdraw).toBe(true);
    expect(deploymentActions(admin, shown("APPROVED")).deploy).toBe(true);
    expect(deploymentActions(admin, shown("APPROVED", { approvalHolds: false })).deploy).toBe(false);
    expect(deploymentActions(person("mlops", ["MLOPS_ENGINEER"]), shown("APPROVED")).deploy).toBe(false);
    expect(deploymentActions(requester, shown("LIVE", { stateMachineVersionArn: "v" })).run).toBe(true);
    expect(deploymentActions(requester, shown("LIVE", { approvalHolds: false })).run).toBe(false);
  });
});
