"use server";

import { serverAction, serverOperation } from "@/lib/http/server-action";
import { deleteImage, setImageStatus } from "@/lib/catalog/images/commands";
import { registerImage, uploadBuildContext, verifyImage } from "@/lib/catalog/images/operations";
import { stopImageBuild } from "@/lib/catalog/images/build/stop";

export const registerImageAction = serverOperation(registerImage);
export const uploadBuildContextAction = serverOperation(uploadBuildContext);
export const verifyImageAction = serverOperation(verifyImage);
export const setImageStatusAction = serverAction(setImageStatus);
export const deleteImageAction = serverAction(deleteImage);
/** Records the stop; the build's job stops it in CodeBuild within seconds and the page follows it. */
export const stopImageBuildAction = serverAction(stopImageBuild);
