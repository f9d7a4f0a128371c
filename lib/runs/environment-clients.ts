import type { Environment } from "@/generated/prisma/client";
import { awsClients } from "@/lib/aws/clients";
import { targetFor } from "@/lib/environments/target";

type Clients = ReturnType<typeof awsClients>;
const cache = new Map<string, Clients>();

/** SDK clients for an environment, kept per target: the reconciler syncs thousands of runs through a handful. */
export function clientsFor(environment: Pick<Environment, "kind" | "region" | "endpointOverride">): Clients {
  const target = targetFor(environment);
  const key = `${target.region}|${target.endpoint ?? ""}`;
  let clients = cache.get(key);
  if (!clients) {
    clients = awsClients(target);
    cache.set(key, clients);
  }
  return clients;
}
