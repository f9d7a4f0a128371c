// Manifests for the bulk-lift tests and the benchmark, generated so any size can be made on the spot.
const HEADER = "slug,displayName,team,ownerEmail,tags,description,inputUri,outputUri,instanceType,volumeSizeGb,maxRuntimeSeconds,status";
const TEAMS = ["risk", "marketing", "supply chain", "fraud & abuse"];

export function manifestCsv(count: number, options: { prefix?: string; ownerEmail?: string; description?: (i: number) => string } = {}): string {
  const prefix = options.prefix ?? "legacy";
  const lines = Array.from({ length: count }, (_, i) => {
    const description = options.description?.(i) ?? `Legacy model ${i}, migrated "as is", with commas`;
    return [
      `${prefix}-${i}`,
      `Legacy model ${i}`,
      TEAMS[i % TEAMS.length],
      options.ownerEmail ?? "",
      `"bulk,batch-${i % 10}"`,
      `"${description.replaceAll('"', '""')}"`,
      `s3://ferry-data/${prefix}/${i}/input/`,
      `s3://ferry-data/${prefix}/${i}/output/`,
      i % 2 ? "ml.m5.xlarge" : "ml.t3.medium",
      String(10 + (i % 50)),
      String(600 + i),
      i % 3 ? "INVENTORIED" : "READY",
    ].join(",");
  });
  return `\uFEFF${HEADER}\n${lines.join("\n")}\n`;
}
