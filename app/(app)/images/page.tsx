import type { Metadata } from "next";
import { SectionPlaceholder } from "@/components/shell/section-placeholder";

export const metadata: Metadata = { title: "Images" };

export default function ImagesPage() {
  return <SectionPlaceholder href="/images" />;
}
