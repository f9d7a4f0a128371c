import { AppError } from "@/lib/commands/errors";
import { type EngineImage, EngineUnreachable, registerEngineImage } from "@/lib/aws/engine-routes";
import { targetFor } from "@/lib/environments/target";
import type { CatalogStorage } from "@/lib/catalog/storage";

export type { EngineImage } from "@/lib/aws/engine-routes";

/**
 * Registers an image with the embedded engine's image registry (lib/engine/images/README.md): how it runs on
 * this machine. Returns the build's content-addressed digest for a custom image (null for framework images,
 * and for AWS environments, which have real images and need none of it).
 */
export async function registerWithEngine(storage: CatalogStorage, image: EngineImage): Promise<{ digest: string | null }> {
  if (storage.environment.kind !== "EMBEDDED") return { digest: null };
  const target = targetFor(storage.environment);
  if (!target.endpoint) return { digest: null };
  const answer = await registerEngineImage(target.endpoint, target.region, image).catch((error: unknown) => {
    if (!(error instanceof EngineUnreachable)) throw error;
    throw new AppError("CONFLICT", "The embedded engine is not reachable; start Ferry's engine and try again.", undefined, error.message);
  });
  if (answer.ok) return { digest: answer.digest };
  // 422: a Dockerfile the engine cannot reproduce; 400: e.g. an interpreter it does not allow. Both reasons are written for the user.
  const reason = answer.status === 400 || answer.status === 422 ? answer.message : "";
  throw new AppError("INVALID_INPUT", `The embedded engine refused the image${reason ? `: ${reason}` : ""}.`, undefined, `engine answered ${answer.status}: ${answer.message}`);
}
