"use server";

import { serverAction, serverOperation } from "@/lib/http/server-action";
import { deleteImage, setImageStatus } from "@/lib/catalog/images/commands";
import { registerImage, uploadBuildContext, verifyImage } from "@/lib/catalog/images/operations";

export const registerImageAction = serverOperation(registerImage);
export const uploadBuildContextAction = serverOperation(uploadBuildContext);
export const verifyImageAction = serverOperation(verifyImage);
export const setImageStatusAction = serverAction(setImageStatus);
export const deleteImageAction = serverAction(deleteImage);
