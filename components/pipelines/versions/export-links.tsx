const EXPORTS = [
  { file: "definition.json", label: "Definition" },
  { file: "sample-input.json", label: "Sample execution input" },
  { file: "iam-policies.json", label: "IAM policies" },
  { file: "cloudformation.json", label: "CloudFormation template" },
] as const;

/** Downloads generated from the frozen version (route handlers under /api/pipelines/versions/[id]/). */
export function ExportLinks({ versionId }: { versionId: string }) {
  return (
    <nav aria-label="Downloads" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {EXPORTS.map((e) => (
        <a key={e.file} href={`/api/pipelines/versions/${versionId}/${e.file}`} download className="text-brand-700 hover:underline">
          {e.label}
        </a>
      ))}
    </nav>
  );
}
