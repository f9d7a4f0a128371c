import { z } from "zod";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { RoleSchema, ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { newPasswordUser } from "./new-user";
import { emailField, idField, nameField, passwordField } from "@/lib/validation/fields";

const rolesField = z
  .array(RoleSchema, { error: "Roles must be a list" })
  .max(3)
  .transform((roles) => [...new Set(roles)]);

export const CreateUserInput = z.object({
  email: emailField,
  name: nameField("Name", 80),
  password: passwordField,
  roles: rolesField,
});

export const createUser = defineCommand({
  name: "users.create",
  permission: "users:manage",
  input: CreateUserInput,
  run: async ({ tx, input }) => {
    const user = await tx.user.create({
      data: await newPasswordUser(input),
      select: { id: true, email: true },
    });
    return {
      result: user,
      audit: { targetType: "user", targetId: user.id, summary: `Created ${user.email} (${describeRoles(input.roles)})` },
    };
  },
});

export const SetUserRolesInput = z.object({ userId: idField("User"), roles: rolesField });

export const setUserRoles = defineCommand({
  name: "users.set_roles",
  permission: "users:manage",
  input: SetUserRolesInput,
  run: async ({ tx, input, actor }) => {
    const user = await findUserOrThrow(tx, input.userId);
    if (!input.roles.includes("ADMIN")) await ensureAnotherAdmin(tx, user.id, actor.id);
    await tx.userRole.deleteMany({ where: { userId: user.id, role: { notIn: input.roles } } });
    await tx.userRole.createMany({ data: input.roles.map((role) => ({ userId: user.id, role })), skipDuplicates: true });
    return {
      result: { id: user.id, roles: input.roles },
      audit: {
        targetType: "user",
        targetId: user.id,
        summary: `Set roles of ${user.email} to ${describeRoles(input.roles)}`,
        details: { before: user.roles.map((r) => r.role), after: input.roles },
      },
    };
  },
});

export const SetUserDisabledInput = z.object({ userId: idField("User"), disabled: z.boolean({ error: "disabled must be true or false" }) });

export const setUserDisabled = defineCommand({
  name: "users.set_disabled",
  permission: "users:manage",
  input: SetUserDisabledInput,
  run: async ({ tx, input, actor }) => {
    const user = await findUserOrThrow(tx, input.userId);
    if (input.disabled) {
      await ensureAnotherAdmin(tx, user.id, actor.id);
      // Signing the user out everywhere is part of disabling them.
      await tx.session.deleteMany({ where: { userId: user.id } });
    }
    await tx.user.update({ where: { id: user.id }, data: { disabled: input.disabled } });
    return {
      result: { id: user.id, disabled: input.disabled },
      audit: { targetType: "user", targetId: user.id, summary: `${input.disabled ? "Disabled" : "Enabled"} ${user.email}` },
    };
  },
});

async function findUserOrThrow(tx: Tx, id: string) {
  const user = await tx.user.findUnique({ where: { id }, select: { id: true, email: true, roles: { select: { role: true } } } });
  if (!user) throw new AppError("NOT_FOUND", "That user does not exist.");
  return user;
}

/** Ferry must never lock itself out: some other enabled admin has to remain. */
async function ensureAnotherAdmin(tx: Tx, userId: string, actorId: string) {
  const others = await tx.userRole.count({ where: { role: "ADMIN", userId: { not: userId }, user: { disabled: false } } });
  if (others > 0) return;
  const whom = userId === actorId ? "yourself" : "this user";
  throw new AppError("CONFLICT", `You cannot remove admin rights from ${whom}: Ferry needs at least one enabled admin.`);
}

function describeRoles(roles: readonly Role[]): string {
  return roles.length === 0 ? "no roles" : roles.map((r) => ROLE_LABELS[r]).join(", ");
}
