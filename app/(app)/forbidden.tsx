import { FORBIDDEN, StatusMessage } from "@/components/shell/status-message";

/** forbidden() in a signed-in page: shown inside the app layout, whose <main> holds it. */
export default function Forbidden() {
  return <StatusMessage {...FORBIDDEN} />;
}
