import { pathOf } from "@/components/ui/drop-zone";

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  // In slices: String.fromCharCode of a whole large file would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A build context as the image's server action takes it: each file's path and its bytes in base64. */
export function asBase64Files(files: readonly File[]): Promise<{ name: string; base64: string }[]> {
  return Promise.all(files.map(async (file) => ({ name: pathOf(file), base64: await base64Of(file) })));
}
