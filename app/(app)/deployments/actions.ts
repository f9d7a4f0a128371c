"use server";

import { serverAction, serverOperation, serverQuery } from "@/lib/http/server-action";
import { rejectDeployment, requestDeployment, withdrawDeployment } from "@/lib/deployments/commands";
import { approveAndRequestDeploy, requestDeploy } from "@/lib/deployments/deploy";
import { requestParity } from "@/lib/deployments/parity/run";
import { previewRequestQuery } from "@/lib/deployments/queries";
import { markNotificationsRead } from "@/lib/notifications/commands";

export const requestDeploymentAction = serverAction(requestDeployment);
export const previewRequestAction = serverQuery(previewRequestQuery);
/** Approves and queues the deploy; the page shows DEPLOYING until the worker has done it. */
export const approveDeploymentAction = serverOperation(approveAndRequestDeploy);
export const rejectDeploymentAction = serverAction(rejectDeployment);
export const withdrawDeploymentAction = serverAction(withdrawDeployment);
export const deployDeploymentAction = serverOperation(requestDeploy);
export const runParityAction = serverOperation(requestParity);
export const markNotificationsReadAction = serverAction(markNotificationsRead);
