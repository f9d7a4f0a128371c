import { env, type Env, type JobSettings } from "@/lib/config/env";

export { JobSettings } from "@/lib/config/env";

/** The queue's and the workers' settings, from the one parse of the environment (lib/config/env.ts). */
export function jobSettings(config: Env = env()): JobSettings {
  return config;
}
