"use server";

import { serverAction } from "@/lib/http/server-action";
import { createToken, revokeToken } from "@/lib/tokens/commands";

export const createTokenAction = serverAction(createToken);
export const revokeTokenAction = serverAction(revokeToken);
