import { Boxes, Container, FileCode, Gauge, Play, Rocket, Shield, Workflow, type LucideIcon } from "lucide-react";
import type { Section } from "./sections";

const ICONS: Record<Section["icon"], LucideIcon> = {
  gauge: Gauge,
  boxes: Boxes,
  container: Container,
  "file-code": FileCode,
  workflow: Workflow,
  rocket: Rocket,
  play: Play,
  shield: Shield,
};

export function NavIcon({ name, className }: { name: Section["icon"]; className?: string }) {
  const Icon = ICONS[name];
  return <Icon aria-hidden className={className ?? "h-4 w-4"} />;
}
