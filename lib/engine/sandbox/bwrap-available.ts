import { access, constants } from "node:fs/promises";

export const DEFAULT_BWRAP = "/usr/bin/bwrap";

/**
 * Jobs run legacy code, so the engine never runs one outside bubblewrap. When it is missing, the job fails
 * with this message instead.
 */
export function bwrapMissingMessage(bwrapPath: string): string {
  return (
    `ClientError: bubblewrap (bwrap) is required to run processing jobs in the embedded engine and was not found at ${bwrapPath}. ` +
    "Install it (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora/RHEL: sudo dnf install bubblewrap; " +
    "Arch: sudo pacman -S bubblewrap; Alpine: apk add bubblewrap) and restart the engine. " +
    "Job code is never run outside the sandbox."
  );
}

export async function bwrapAvailable(bwrapPath: string): Promise<boolean> {
  return access(bwrapPath, constants.X_OK).then(
    () => true,
    () => false,
  );
}
