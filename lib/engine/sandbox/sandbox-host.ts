import type { HostLayout } from "./bwrap-args";
import { readHostLayout } from "./host-layout";
import { allowedCpus } from "./resource-limits";
import { seccompFilter } from "./seccomp";

/** What every job's sandbox on this host shares, read once per engine process. */
export interface SandboxHost {
  bwrap: string;
  layout: HostLayout;
  seccomp: Buffer;
  /** The CPUs the engine may run on; job slots are pinned to windows of them. */
  cpus: number[];
  killGraceMs: number;
}

export async function loadSandboxHost(bwrap: string, killGraceMs: number): Promise<SandboxHost> {
  const [layout, seccomp, cpus] = await Promise.all([readHostLayout(), seccompFilter(), allowedCpus()]);
  return { bwrap, layout, seccomp, cpus, killGraceMs };
}
