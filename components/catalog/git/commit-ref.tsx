import { commitLink } from "@/lib/catalog/git/source";

/** A commit as people read it: its first 12 hex digits, linked on hosts whose commit pages Ferry knows (GitHub, GitLab, ...). */
export function CommitRef({ url, sha }: { url: string; sha: string }) {
  const href = commitLink(url, sha);
  const short = <span className="font-mono text-xs" title={sha}>{sha.slice(0, 12)}</span>;
  if (!href) return short;
  return (
    <a href={href} className="underline" target="_blank" rel="noopener noreferrer">
      {short}
    </a>
  );
}
