import type { Metadata } from "next";
import { SectionPlaceholder } from "@/components/shell/section-placeholder";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  return <SectionPlaceholder href="/runs" />;
}
