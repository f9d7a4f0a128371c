import { NOT_FOUND, StatusMessage } from "@/components/shell/status-message";

export default function NotFound() {
  return (
    <main className="min-h-screen">
      <StatusMessage {...NOT_FOUND} />
    </main>
  );
}
