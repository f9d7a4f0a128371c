import { SectionPlaceholder } from "@/components/shell/section-placeholder";

export default function DashboardPage() {
  return <SectionPlaceholder href="/" />;
}
