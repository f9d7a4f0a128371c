import type { Command } from "commander";
import { UsageError } from "../errors";
import { formOfFiles } from "../files";
import { table } from "../output";
import type { Client } from "../client";
import type { Context } from "../context";

type Image = { id: string; uri: string; kind: string; status: string; version: number; digest: string | null };

/** An image named by its id or its URI. */
export async function imageOf(client: Client, given: string): Promise<Image> {
  const { data } = await client.get<{ data: Image[] }>("/images");
  const image = data.find((i) => i.id === given || i.uri === given);
  if (!image) throw new UsageError(`No image ${given} is registered.`);
  return image;
}

export function registerImages(program: Command, context: Context) {
  const images = program.command("images").description("Container images");

  images
    .command("list")
    .description("Registered images")
    .action(async () => {
      const { data } = await (await context.client()).get<{ data: Image[] }>("/images");
      context.out().result(data, () => table([["URI", "KIND", "STATUS", "VERSION", "ID"], ...data.map((i) => [i.uri, i.kind, i.status, String(i.version), i.id])]));
    });

  images
    .command("register <uri>")
    .description("Register an ECR image URI")
    .requiredOption("--kind <kind>", "framework or custom")
    .option("--description <text>")
    .option("--python <interpreter>", "framework images: the interpreter the embedded engine runs them on")
    .action(async (uri: string, options: { kind: string; description?: string; python?: string }) => {
      const image = await (await context.client()).send<{ id: string; uri: string }>("POST", "/images", { uri, kind: options.kind.toUpperCase(), description: options.description, python: options.python });
      context.out().result(image, () => `Registered ${image.uri} (${image.id})`);
    });

  images
    .command("context <image> <files...>")
    .description("Upload a custom image's build context (a Dockerfile and what it copies; folders stand for their files)")
    .option("--new-version", "publish it as the image's next version (needed while an approval binds the current one)")
    .action(async (given: string, files: string[], options: { newVersion?: boolean }) => {
      const client = await context.client();
      const image = await imageOf(client, given);
      const form = await formOfFiles(files);
      if (options.newVersion) form.set("newVersion", "true");
      const version = await client.upload<{ version: number; digest: string | null }>(`/images/${image.id}/build-context`, form);
      context.out().result(version, () => `${image.uri}: version ${version.version}${version.digest ? ` (${version.digest})` : ""}`);
    });
}
