import { z } from "zod";
import { sanitizeFileName } from "@/lib/catalog/scripts/file-names";

/**
 * Where a model's code is in Git, as a user gives it. Checked like every other input; the address rule is
 * applied when Ferry connects (lib/catalog/git/address.ts), since a name can resolve differently later.
 */
export const RepositoryUrl = z
  .string({ error: "The repository URL must be text" })
  .trim()
  .max(500, "The repository URL must be at most 500 characters")
  .pipe(z.url({ protocol: /^https?$/, error: "Enter an https:// URL of a Git repository (SSH URLs are not supported; use an HTTPS token)" }))
  .superRefine((raw, ctx) => {
    const url = new URL(raw);
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Leave credentials out of the URL; put the token in the token field, where it is stored encrypted" });
    if (url.search || url.hash) ctx.addIssue({ code: "custom", message: "A repository URL has no ?query or #fragment" });
  })
  .transform((raw) => new URL(raw).toString().replace(/\/$/, ""));

// git check-ref-format, roughly: no "..", no control or special characters, no leading "-" (never an option).
export const GitRef = z
  .string({ error: "The ref must be text" })
  .trim()
  .min(1, "Name a branch, a tag or a commit")
  .max(200, "The ref must be at most 200 characters")
  .regex(/^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[A-Za-z0-9._/-]+(?<![./])$/, "A ref is a branch, a tag or a commit: letters, digits, . _ / - only");

export const isCommitSha = (ref: string) => /^[0-9a-f]{40}$/.test(ref);

/** A path inside the repository: the same name rules as uploaded files, "" for the root. */
const repoPath = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(200, `${label} must be at most 200 characters`)
    .transform((path) => path.replace(/^\.?\/+|\/+$/g, ""))
    .refine((path) => {
      if (path === "") return true;
      const clean = sanitizeFileName(path);
      return clean.ok && clean.name === path;
    }, `${label} must be a plain relative path (no .., hidden folders or unusual characters)`);

export const Subfolder = repoPath("The sub-folder");

const stagePath = (label: string) => repoPath(label).transform((p) => (p === "" ? null : p)).nullable().optional().transform((p) => p ?? null);

/** Which files (relative to the sub-folder) play the run stages, and which one lists the Python requirements. */
export const StageMapping = z.object({
  preprocess: stagePath("The preprocess script"),
  inference: stagePath("The inference script"),
  postprocess: stagePath("The postprocess script"),
  requirements: stagePath("The requirements file"),
});
export type StageMapping = z.output<typeof StageMapping>;

export const GitSource = z.object({
  url: RepositoryUrl,
  ref: GitRef,
  subfolder: Subfolder.default(""),
  stages: StageMapping.default({ preprocess: null, inference: null, postprocess: null, requirements: null }),
});
export type GitSource = z.output<typeof GitSource>;

/** An HTTPS token and the user name it goes with; written once, never read back by a browser. */
export const GitToken = z.object({
  username: z.string().trim().max(100, "The user name must be at most 100 characters").regex(/^[^:\s<>]*$/, "The user name cannot contain spaces, : < or >").optional(),
  token: z.string().trim().min(1, "Paste the token").max(4000, "The token must be at most 4,000 characters").regex(/^[\x21-\x7e]+$/, "A token is printable ASCII without spaces"),
});

const KNOWN_HOSTS: Record<string, (path: string, sha: string) => string> = {
  "github.com": (path, sha) => `https://github.com/${path}/commit/${sha}`,
  "gitlab.com": (path, sha) => `https://gitlab.com/${path}/-/commit/${sha}`,
  "bitbucket.org": (path, sha) => `https://bitbucket.org/${path}/commits/${sha}`,
  "codeberg.org": (path, sha) => `https://codeberg.org/${path}/commit/${sha}`,
};

/** A link to the commit on a host whose URL scheme is known; null for any other server (the SHA is shown as text). */
export function commitLink(url: string, sha: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if ( parsed.protocol !== "https:" || !/^[0-9a-f]{40}$/.test(sha)) return null;
  const path = parsed.pathname.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "");
  const link = KNOWN_HOSTS[parsed.hostname.toLowerCase()];
  return link && /^[\w.-]+(\/[\w.-]+)+$/.test(path) ? link(path, sha) : null;
}
