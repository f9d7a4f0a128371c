"use server";

import { serverAction } from "@/lib/http/server-action";
import { createUser, setUserDisabled, setUserRoles } from "@/lib/users/commands";

export const createUserAction = serverAction(createUser);
export const setUserRolesAction = serverAction(setUserRoles);
export const setUserDisabledAction = serverAction(setUserDisabled);
