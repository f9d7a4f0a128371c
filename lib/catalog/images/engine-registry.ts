import { AppError } from "@/lib/commands/errors";
import { type EngineImage, EngineUnreachable, registerImageWithEngine } from "@/lib/aws/engine-routes";
import { targetFor } from "@/lib/aws/targets";
import type { CatalogStorage } from "@/lib/catalog/storage";

export type { EngineImage } from "@/lib/aws/engine-routes";

/**
 * Tells the catalog's environment how an image runs there, when that environment is the engine (its image
 * registry, lib/engine/images/README.md): `registered` says whether it was. An AWS environment runs real images,
 * pushed to ECR outside Ferry. Either way the image's digest is then ECR's to tell (verify.ts).
 */
export async function registerWithEngine(storage: CatalogStorage, image: EngineImage): Promise<{ registered: boolean }> {
  const answer = await registerImageWithEngine(targetFor(storage.environment), image).catch((error: unknown) => {
    if (!(error instanceof EngineUnreachable)) throw error;
    throw new AppError("CONFLICT", "Ferry's engine is not reachable; start it and try again.", undefined, error.message);
  });
  if (answer.ok) return { registered: answer.registered };
  // 422: a Dockerfile the engine cannot reproduce; 400: e.g. an interpreter it does not allow. Both reasons are written for the user.
  const reason = answer.status === 400 || answer.status === 422 ? answer.message : "";
  throw new AppError("INVALID_INPUT", `The engine refused the image${reason ? `: ${reason}` : ""}.`, undefined, `engine answered ${answer.status}: ${answer.message}`);
}
