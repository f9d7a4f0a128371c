import { createUser, setUserDisabled, setUserRoles } from "@/lib/users/commands";
import { createPipeline, importPipeline, publishPipelineVersion, savePipelineDraft } from "@/lib/pipelines/commands";
import { finishRelease, requestRelease } from "@/lib/deployments/release";
import { bulkImportModels } from "@/lib/catalog/bulk/command";
import { createRun, redriveRun, rerunRun, stopRun } from "@/lib/runs/commands";
import { approveDeployment, rejectDeployment, requestDeployment, withdrawDeployment } from "@/lib/deployments/commands";
import { finishDeploy, startDeploy } from "@/lib/deployments/deploy";
import { startParity } from "@/lib/deployments/parity/start";
import { saveEnvironment } from "@/lib/environments/commands";
import { markNotificationsRead } from "@/lib/notifications/commands";
import { saveModel } from "@/lib/catalog/models/upsert";
import { transferModel } from "@/lib/catalog/models/ownership";
import { createImage, deleteImage, recordImageRuntime, recordImageVerification, setImageStatus } from "@/lib/catalog/images/commands";
import { recordCodeVersion, removeScripts, setScriptStage } from "@/lib/catalog/scripts/code-versions";
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
  createRun,
  rerunRun,
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
  markNotificationsRead,
  saveModel,
  transferModel,
  createImage,
  setImageStatus,
  deleteImage,
  recordImageRuntime,
  recordImageVerification,
  recordCodeVersion,
  removeScripts,
  setScriptStage,
  recordGitImport,
  allowGitHost,
  disallowGitHost,
] as const;
