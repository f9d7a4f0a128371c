"use server";

import { serverAction, serverOperation, serverQuery } from "@/lib/http/server-action";
import { rejectDeployment, requestDeployment, withdrawDeployment } from "@/lib/deployments/commands";
import { approveAndDeploy, deployDeployment } from "@/lib/deployments/deploy";
import { runParity } from "@/lib/deployments/parity/run";
import { previewRequestQuery } from "@/lib/deployments/queries";
import { markNotificationsRead } from "@/lib/notifications/commands";

export const requestDeploymentAction = serverAction(requestDeployment);
export const previewRequestAction = serverQuery(previewRequestQuery);
export const approveDeploymentAction = serverOperation(approveAndDeploy);
export const rejectDeploymentAction = serverAction(rejectDeployment);
export const withdrawDeploymentAction = serverAction(withdrawDeployment);
export const deployDeploymentAction = serverOperation(deployDeployment);
export const runParityAction = serverOperation(runParity);
export const markNotificationsReadAction = serverAction(markNotificationsRead);
