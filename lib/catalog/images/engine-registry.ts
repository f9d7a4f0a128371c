import { z } from "zod";
import { targetFor } from "@/lib/environments/target";
import { AppError } from "@/lib/commands/errors";
import type { CatalogStorage } from "@/lib/catalog/storage";

/**
 * The embedded engine's image registry (lib/engine/images/README.md): how an image runs on this machine. The
 * engine's documented HTTP API, called only from here; AWS environments have real images and need none of it.
 */
export type EngineImage =
  | { imageUri: string; kind: "framework"; python?: string }
  | { imageUri: string; kind: "custom"; buildContextUri: string };

const EngineAnswer = z.object({ message: z.string().optional(), error: z.string().optional() }).loose();

export async function registerWithEngine(storage: CatalogStorage, image: EngineImage): Promise<void> {
  if (storage.environment.kind !== "EMBEDDED") return;
  const endpoint = targetFor(storage.environment).endpoint;
  if (!endpoint) return;
  let response: Response;
  try {
    response = await fetch(new URL("/_ferry/images", endpoint), {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(image),
    });
  } catch (error) {
    throw new AppError("CONFLICT", "The embedded engine is not reachable; start Ferry's engine and try again.", undefined, String(error));
  }
  if (response.ok) return;
  const answer = EngineAnswer.safeParse(await response.json().catch(() => ({})));
  const reason = answer.success ? (answer.data.message ?? answer.data.error ?? "") : "";
  // 422: a Dockerfile the engine cannot reproduce (e.g. COPY --from); its reason is written for the user.
  throw new AppError("INVALID_INPUT", `The embedded engine refused the image${reason ? `: ${reason}` : ""}.`, undefined, `engine answered ${response.status}`);
}
