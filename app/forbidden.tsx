import { FORBIDDEN, StatusMessage } from "@/components/shell/status-message";

export default function Forbidden() {
  return (
    <main>
      <StatusMessage {...FORBIDDEN} />
    </main>
  );
}
