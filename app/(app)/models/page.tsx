import type { Metadata } from "next";
import { SectionPlaceholder } from "@/components/shell/section-placeholder";

export const metadata: Metadata = { title: "Models" };

export default function ModelsPage() {
  return <SectionPlaceholder href="/models" />;
}
