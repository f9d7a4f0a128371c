import { NOT_FOUND, StatusMessage } from "@/components/shell/status-message";

/** notFound() in a signed-in page: shown inside the app layout, whose <main> holds it. */
export default function NotFound() {
  return <StatusMessage {...NOT_FOUND} />;
}
