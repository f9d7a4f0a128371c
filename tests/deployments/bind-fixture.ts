// For e2e specs that write a LIVE deployment row by hand (no request, no approval): records the artifacts it
// binds now, as an approval would have, so runs of it start. Usage, with DATABASE_URL set:
//   npx tsx tests/deployments/bind-fixture.ts <deployment id>...
import { z } from "zod";
import { asJson } from "@/lib/db/json";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { artifactsOf, fingerprintOf } from "@/lib/deployments/artifacts";
import { loadContext } from "@/lib/deployments/context";
import { ModelBinding } from "@/lib/pipelines/input";

async function bind(id: string) {
  const d = await prisma.deployment.findUniqueOrThrow({ where: { id }, select: { modelId: true, pipelineVersionId: true, environmentId: true, parameters: true } });
  const artifacts = await artifactsOf(prisma, await loadContext(prisma, d), ModelBinding.parse(d.parameters));
  await prisma.deployment.update({ where: { id }, data: { artifacts: asJson(artifacts), artifactFingerprint: fingerprintOf(artifacts) } });
}

try {
  for (const id of z.array(z.uuid()).min(1).parse(process.argv.slice(2))) await bind(id);
} finally {
  await disconnectPrisma();
}
