import Link from "next/link";
import type { ReactNode } from "react";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { SECTIONS } from "@/components/shell/sections";
import { Sidebar } from "@/components/shell/sidebar";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { SyncBanner } from "@/components/shell/sync-banner";
import { UserBadge } from "@/components/shell/user-badge";
import { NotificationBell } from "@/components/notifications/notification-bell";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const visible = SECTIONS.filter((s) => !s.permission || can(actor, s.permission));
  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-56 shrink-0 border-r border-slate-200 bg-white md:block">
        <Link href="/" className="block px-6 py-5 text-xl font-semibold tracking-tight text-brand-900">
          Ferry
        </Link>
        <Sidebar sections={visible} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-4 border-b border-slate-200 bg-white px-6 py-3">
          <NotificationBell userId={actor.id} />
          <UserBadge actor={actor} />
          <SignOutButton />
        </header>
        <SyncBanner />
        <div className="border-b border-slate-200 bg-white md:hidden">
          <Sidebar sections={visible} layout="row" />
        </div>
        <main className="flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
