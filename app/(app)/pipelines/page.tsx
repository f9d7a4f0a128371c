import type { Metadata } from "next";
import { SectionPlaceholder } from "@/components/shell/section-placeholder";

export const metadata: Metadata = { title: "Pipelines" };

export default function PipelinesPage() {
  return <SectionPlaceholder href="/pipelines" />;
}
