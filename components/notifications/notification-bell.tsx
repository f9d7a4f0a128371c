import { Bell } from "lucide-react";
import type { Notifications } from "@/lib/notifications/queries";
import { formatDateTime } from "@/components/ui/format";
import { MarkReadButton } from "./mark-read-button";

/** The header's bell: unread count and the latest notifications, e.g. decisions on the user's deployment requests. */
export function NotificationBell({ notifications: { unread, items } }: { notifications: Notifications }) {
  const unreadIds = items.filter((n) => !n.readAt).map((n) => n.id);
  return (
    <details className="relative">
      <summary aria-label={`Notifications, ${unread} unread`} className="cursor-pointer list-none rounded-md px-2 py-1 text-sm hover:bg-slate-100">
        <Bell aria-hidden className="inline h-4 w-4 text-slate-600" />
        {unread > 0 && <span data-testid="unread-count" className="ml-1 rounded-full bg-red-600 px-1.5 text-xs text-white">{unread}</span>}
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-96 space-y-2 rounded-xl border border-slate-200 bg-white p-3 shadow-lg">
        {items.length === 0 && <p className="text-sm text-slate-600">Nothing yet. Decisions on your requests appear here.</p>}
        <ul aria-label="Notifications" className="space-y-2">
          {items.map((n) => (
            <li key={n.id} className={`text-sm ${n.readAt ? "text-slate-500" : "font-medium"}`}>
              {n.link ? <a href={n.link} className="hover:underline">{n.message}</a> : n.message}
              <span className="block text-xs font-normal text-slate-600">{formatDateTime(n.createdAt)}</span>
            </li>
          ))}
        </ul>
        {unreadIds.length > 0 && <MarkReadButton ids={unreadIds} />}
      </div>
    </details>
  );
}
