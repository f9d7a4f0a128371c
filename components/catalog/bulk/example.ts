import { BULK_LIMITS, megabytes } from "@/lib/catalog/bulk/limits";
import { SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";

/** The manifest columns as the import page documents them (lib/catalog/bulk/README.md says the same). */
export const COLUMN_DOCS: { column: string; required?: boolean; meaning: string }[] = [
  { column: "slug", required: true, meaning: "Unique name: lower-case letters, digits, inner hyphens (2–63). Rows upsert by slug." },
  { column: "displayName", required: true, meaning: "Human name, up to 120 characters, no < or >." },
  { column: "team", required: true, meaning: "Owning team: letters, digits, spaces and . & - _" },
  { column: "ownerEmail", meaning: "A Ferry user's email; you own new models when it is blank." },
  { column: "tags", meaning: 'Comma-separated, in quotes in CSV: "churn,batch". A list in JSON.' },
  { column: "description", meaning: "Free text, up to 4000 characters." },
  { column: "inputUri / outputUri", meaning: "s3://bucket/prefix of the data the model reads and writes." },
  { column: "instanceType", meaning: "An ml.* processing instance type (default ml.m5.xlarge)." },
  { column: "volumeSizeGb", meaning: "1–16384 (default 20)." },
  { column: "maxRuntimeSeconds", meaning: "1–432000 (default 3600)." },
  { column: "status", meaning: "INVENTORIED, CONTAINERISED or READY (default INVENTORIED). APPROVED and LIVE come from deployments only." },
  { column: "git", meaning: "Where the code is: <repository URL>#<branch, tag or commit>[:<sub-folder>], e.g. https://github.com/team/legacy.git#main:models/churn. Imported after the models are written; stages are recognised from file names." },
];

export const EXAMPLE_CSV = `slug,displayName,team,ownerEmail,tags,description,inputUri,outputUri,instanceType,volumeSizeGb,maxRuntimeSeconds,status
churn-scoring,Churn scoring,risk,,"churn,batch","Nightly churn scores, from the 2019 notebook",s3://my-data/churn/input/,s3://my-data/churn/output/,ml.m5.xlarge,30,3600,INVENTORIED
fraud-rules,Fraud rules,fraud & abuse,,fraud,,s3://my-data/fraud/in/,s3://my-data/fraud/out/,ml.t3.medium,,,
`;

export const LIMIT_DOCS = [
  `Manifest: at most ${megabytes(BULK_LIMITS.manifestBytes)} and ${BULK_LIMITS.manifestRows.toLocaleString("en")} rows.`,
  `Zip: at most ${megabytes(BULK_LIMITS.zipBytes)}, ${megabytes(BULK_LIMITS.zipUncompressedBytes)} unpacked, ${BULK_LIMITS.zipEntries.toLocaleString("en")} entries, ${megabytes(BULK_LIMITS.fileBytes)} per file, and no file may unpack to more than ${BULK_LIMITS.compressionRatio}× its packed size.`,
  `Per model folder: at most ${SCRIPT_LIMITS.maxFiles} files of ${SCRIPT_LIMITS.maxFileBytes / 1_000_000} MB, ${SCRIPT_LIMITS.maxTotalBytes / 1_000_000} MB in all.`,
  "Refused outright: symbolic links, absolute paths, .. in a path, hidden files or folders (.env, __MACOSX), encrypted entries.",
];
