import type { Metadata } from "next";
import { SectionPlaceholder } from "@/components/shell/section-placeholder";

export const metadata: Metadata = { title: "Scripts" };

export default function ScriptsPage() {
  return <SectionPlaceholder href="/scripts" />;
}
