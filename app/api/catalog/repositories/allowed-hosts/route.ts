import { commandRoute } from "@/lib/http/route-handler";
import { allowGitHost, disallowGitHost } from "@/lib/catalog/git/hosts";

/** POST { host } allows Git fetches from a host at a loopback or private address; DELETE { host } withdraws it. Admins only, audited. */
export const POST = commandRoute(allowGitHost);
export const DELETE = commandRoute(disallowGitHost);
