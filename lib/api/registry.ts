import type { Endpoint } from "./endpoint";
import { getMe, getOpenApi } from "./endpoints/meta";
import { createModel, getModel, listModels, updateModel, uploadModelScripts } from "./endpoints/models";
import { commitBulkLift, getBulkLiftProgress, previewBulkLift } from "./endpoints/bulk-lifts";
import { listImagesEndpoint, registerImageEndpoint, uploadImageContext } from "./endpoints/images";
import { createPipelineEndpoint, exportVersion, getPipeline, getVersion, listEnvironmentsEndpoint, listPipelinesEndpoint, publishVersion, saveDraft } from "./endpoints/pipelines";
import {
  approveDeploymentEndpoint,
  deployDeploymentEndpoint,
  getDeployment,
  listDeploymentsEndpoint,
  rejectDeploymentEndpoint,
  requestDeploymentEndpoint,
} from "./endpoints/deployments";
import {
  getBulkStart,
  getOutputEndpoint,
  getRunEndpoint,
  listOutputsEndpoint,
  listRunsEndpoint,
  listStepsEndpoint,
  redriveRunEndpoint,
  startBulkEndpoint,
  startRunEndpoint,
  stepLogsEndpoint,
  stopRunEndpoint,
} from "./endpoints/runs";
import { listAudit } from "./endpoints/audit";

/** Every operation of /api/v1, in the order the document and the API browser list them. */
export const ENDPOINTS: readonly Endpoint[] = [
  getMe,
  getOpenApi,
  listModels,
  createModel,
  getModel,
  updateModel,
  uploadModelScripts,
  previewBulkLift,
  commitBulkLift,
  getBulkLiftProgress,
  listImagesEndpoint,
  registerImageEndpoint,
  uploadImageContext,
  listPipelinesEndpoint,
  createPipelineEndpoint,
  getPipeline,
  saveDraft,
  publishVersion,
  getVersion,
  exportVersion,
  listEnvironmentsEndpoint,
  listDeploymentsEndpoint,
  requestDeploymentEndpoint,
  getDeployment,
  approveDeploymentEndpoint,
  rejectDeploymentEndpoint,
  deployDeploymentEndpoint,
  listRunsEndpoint,
  startRunEndpoint,
  getRunEndpoint,
  listStepsEndpoint,
  stopRunEndpoint,
  redriveRunEndpoint,
  stepLogsEndpoint,
  listOutputsEndpoint,
  getOutputEndpoint,
  startBulkEndpoint,
  getBulkStart,
  listAudit,
];
