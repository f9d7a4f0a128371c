import { commandRoute } from "@/lib/http/route-handler";
import { setUserRoles } from "@/lib/users/commands";

/** POST { userId, roles }: for automation; the same command and checks as the Admin page. */
export const POST = commandRoute(setUserRoles);
