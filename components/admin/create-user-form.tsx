"use client";

import { useRef, type FormEvent } from "react";
import { RoleSchema, ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { useAction } from "@/components/ui/use-action";
import { createUserAction } from "@/app/(app)/admin/actions";
import { inputClass } from "@/components/ui/input-style";
import { SubmitButton } from "@/components/ui/buttons";
import { FormCard } from "@/components/ui/form-card";

export function CreateUserForm() {
  const form = useRef<HTMLFormElement>(null);
  const { run, pending } = useAction(createUserAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const result = await run(
      {
        email: String(data.get("email") ?? ""),
        name: String(data.get("name") ?? ""),
        password: String(data.get("password") ?? ""),
        roles: data.getAll("roles").map(String) as Role[],
      },
      (user) => `Created ${user.email}`,
    );
    if (result.ok) form.current?.reset();
  }

  return (
    <FormCard ref={form} onSubmit={onSubmit} title="Add a user" heading="h3">
      <label className="text-sm">
        Email
        <input name="email" type="email" required className={inputClass} />
      </label>
      <label className="text-sm">
        Name
        <input name="name" required maxLength={80} className={inputClass} />
      </label>
      <label className="text-sm">
        Initial password (10+ characters)
        <input name="password" type="password" required minLength={10} className={inputClass} />
      </label>
      <fieldset className="text-sm">
        <legend>Roles</legend>
        <div className="mt-1 flex flex-wrap gap-3">
          {RoleSchema.options.map((role) => (
            <label key={role} className="flex items-center gap-1">
              <input type="checkbox" name="roles" value={role} className="accent-brand-600" /> {ROLE_LABELS[role]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="sm:col-span-2">
        <SubmitButton pending={pending} busy="Adding…">Add user</SubmitButton>
      </div>
    </FormCard>
  );
}
