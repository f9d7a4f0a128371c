import { z } from "zod";
import { defineEndpoint, type Endpoint } from "./endpoint";
import { buildOpenApiDocument } from "./openapi";
import { getMe } from "./endpoints/meta";
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

/** The document is built from every operation, this one included, so it lives beside the list. */
export const getOpenApi = defineEndpoint({
  method: "GET",
  path: "/openapi.json",
  operationId: "getOpenApiDocument",
  tag: "Meta",
  summary: "This API's OpenAPI 3.1 document",
  public: true,
  responses: { 200: { description: "The document", schema: z.object({ openapi: z.string() }).loose() } },
  handle: async () => new Response(JSON.stringify(openApiDocument()), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-cache" } }),
});

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

export const openApiDocument = () => buildOpenApiDocument(ENDPOINTS);
