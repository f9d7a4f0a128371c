import type { Metadata } from "next";
import { SectionPlaceholder } from "@/components/shell/section-placeholder";

export const metadata: Metadata = { title: "Deployments" };

export default function DeploymentsPage() {
  return <SectionPlaceholder href="/deployments" />;
}
