import type { ReactNode } from "react";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { lastWorkerBeat } from "@/lib/health/workers";
import { notificationsFor } from "@/lib/notifications/queries";
import { SECTIONS } from "@/components/shell/sections";
import { Brand } from "@/components/shell/brand";
import { Sidebar } from "@/components/shell/sidebar";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { SkipLink, MAIN_ID } from "@/components/shell/skip-link";
import { SyncBanner } from "@/components/shell/sync-banner";
import { UserBadge } from "@/components/shell/user-badge";
import { NotificationBell } from "@/components/notifications/notification-bell";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  // A banner that cannot tell how fresh the sync is says nothing rather than break every page.
  const [notifications, beat] = await Promise.all([notificationsFor(prisma, actor.id), lastWorkerBeat(prisma).catch(() => null)]);
  const visible = SECTIONS.filter((s) => !s.permission || can(actor, s.permission));
  return (
    <div className="flex min-h-screen">
      <SkipLink />
      <aside className="hidden w-56 shrink-0 border-r border-slate-200 bg-white md:block">
        <Brand className="block px-6 py-5" />
        <Sidebar sections={visible} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 py-3 md:px-6">
          <Brand className="mr-auto md:hidden" />
          <NotificationBell notifications={notifications} />
          <UserBadge actor={actor} />
          <SignOutButton />
        </header>
        <SyncBanner beat={beat} />
        <div className="border-b border-slate-200 bg-white md:hidden">
          <Sidebar sections={visible} layout="row" />
        </div>
        {/* The one <main> of every signed-in page; the skip link lands here (tabIndex so focus can). */}
        <main id={MAIN_ID} tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none md:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
