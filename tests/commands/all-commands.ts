import { createUser, setUserDisabled, setUserRoles } from "@/lib/users/commands";
import { createPipeline, importPipeline, publishPipelineVersion, savePipelineDraft } from "@/lib/pipelines/commands";
import { finishRelease, requestRelease } from "@/lib/deployments/release";
import { bulkImportModels } from "@/lib/catalog/bulk/command";
import { createBulkRun, createRun, redriveRun, rerunBulkRun, rerunRun, stopRun } from "@/lib/runs/commands";
import { requestBulkStart } from "@/lib/runs/bulk-start";
import { requestBulkRunAction } from "@/lib/runs/bulk-action";
import { requestBulkImport } from "@/lib/catalog/bulk/request";
import { approveDeployment, rejectDeployment, requestDeployment, withdrawDeployment } from "@/lib/deployments/commands";
import { finishDeploy, startDeploy } from "@/lib/deployments/deploy";
import { startParity } from "@/lib/deployments/parity/start";
import { saveEnvironment } from "@/lib/environments/commands";
import { recordRunEvents } from "@/lib/environments/run-events-commands";
import { markNotificationsRead } from "@/lib/notifications/commands";
import { saveModel } from "@/lib/catalog/models/upsert";
import { transferModel } from "@/lib/catalog/models/ownership";
import { createImage, deleteImage, recordImageRuntime, recordImageVerification, setImageStatus } from "@/lib/catalog/images/commands";
import { recordCodeVersion, removeScripts, setScriptStage } from "@/lib/catalog/scripts/code-versions";
import { createToken, revokeToken } from "@/lib/tokens/commands";
import {
  allowWebhookHost,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  disallowWebhookHost,
  resendWebhookDelivery,
  setWebhookEndpointEnabled,
} from "@/lib/webhooks/commands";
import { recordBuild, recordBuildFailure } from "@/lib/catalog/images/build/record";
import { requestBuild } from "@/lib/catalog/images/build/request";
import { stopImageBuild } from "@/lib/catalog/images/build/stop";
import { recordGitImport } from "@/lib/catalog/git/import-command";
import { allowGitHost, disallowGitHost } from "@/lib/catalog/git/hosts";

/**
 * Every command Ferry exposes. Tests walk this list to prove that each one refuses bad input and callers
 * without its permission, so a new command is covered by adding it here.
 */
export const ALL_COMMANDS = [
  createUser,
  setUserRoles,
  setUserDisabled,
  createPipeline,
  savePipelineDraft,
  publishPipelineVersion,
  importPipeline,
  requestRelease,
  finishRelease,
  bulkImportModels,
  requestBulkImport,
  createRun,
  createBulkRun,
  requestBulkStart,
  rerunRun,
  rerunBulkRun,
  requestBulkRunAction,
  stopRun,
  redriveRun,
  requestDeployment,
  approveDeployment,
  rejectDeployment,
  withdrawDeployment,
  startDeploy,
  finishDeploy,
  startParity,
  saveEnvironment,
  recordRunEvents,
  markNotificationsRead,
  saveModel,
  transferModel,
  createImage,
  setImageStatus,
  deleteImage,
  recordImageRuntime,
  recordImageVerification,
  requestBuild,
  stopImageBuild,
  recordBuild,
  recordBuildFailure,
  recordCodeVersion,
  removeScripts,
  setScriptStage,
  createToken,
  revokeToken,
  createWebhookEndpoint,
  setWebhookEndpointEnabled,
  deleteWebhookEndpoint,
  resendWebhookDelivery,
  allowWebhookHost,
  disallowWebhookHost,
  recordGitImport,
  allowGitHost,
  disallowGitHost,
] as const;
