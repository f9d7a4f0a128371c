import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { listUsers } from "@/lib/users/queries";
import { healthReport } from "@/lib/health/checks";
import { UserTable } from "@/components/admin/user-table";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { HealthPanel } from "@/components/admin/health-panel";
import { AdminSubnav } from "@/components/environments/admin-subnav";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const actor = await requireActor("users:manage");
  const [users, health] = await Promise.all([listUsers(prisma), healthReport()]);
  return (
    <div className="max-w-5xl space-y-8">
      <AdminSubnav current="/admin" />
      <div>
        <h1 className="text-2xl font-semibold">Admin</h1>
        <p className="mt-1 text-slate-600">Users and their roles, and the state of what Ferry depends on.</p>
      </div>
      <HealthPanel report={health} />
      <section aria-labelledby="users-heading" className="space-y-4">
        <h2 id="users-heading" className="text-lg font-semibold">Users</h2>
        <UserTable users={users} currentUserId={actor.id} />
        <CreateUserForm />
      </section>
    </div>
  );
}
