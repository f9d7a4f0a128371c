import type { Permission } from "@/lib/auth/permissions";

/** The app's sections: navigation, page titles and, until each lands, what it will hold. */
export type Section = {
  href: string;
  label: string;
  icon: "gauge" | "boxes" | "container" | "file-code" | "workflow" | "rocket" | "play" | "shield";
  summary: string;
  upcoming: string[];
  permission?: Permission;
};

export const SECTIONS: readonly Section[] = [
  {
    href: "/",
    label: "Dashboard",
    icon: "gauge",
    summary: "The migration at a glance.",
    upcoming: ["Models per migration status and a burndown over time", "Runs in the last 24 hours by status, active runs", "Pending approvals, slowest steps and top failure groups"],
  },
  {
    href: "/models",
    label: "Models",
    icon: "boxes",
    summary: "Every legacy model being migrated, from inventoried to live.",
    upcoming: ["Search, filter and sort thousands of models; bookmarkable views", "Bulk lift from a CSV/JSON manifest or a zip of model folders", "Each model's scripts, image, data locations, readiness and history"],
  },
  {
    href: "/images",
    label: "Images",
    icon: "container",
    summary: "Container images (ECR URIs) the pipelines run: framework images and custom containers.",
    upcoming: ["Register an image by URI, validated as SageMaker expects", "How each image runs on the embedded engine", "Verify against ECR and see which models use it"],
  },
  {
    href: "/scripts",
    label: "Scripts",
    icon: "file-code",
    summary: "Legacy preprocess, inference and postprocess scripts, versioned by sha256.",
    upcoming: ["Drag-and-drop upload with readiness warnings by line", "Syntax highlighting and a diff between versions"],
  },
  {
    href: "/pipelines",
    label: "Pipelines",
    icon: "workflow",
    summary: "Reusable Step Functions workflows of SageMaker Processing steps.",
    upcoming: ["Step editor with a live graph and generated definition", "Least-privilege IAM policies and CloudFormation export", "Immutable published versions you can compare"],
  },
  {
    href: "/deployments",
    label: "Deployments",
    icon: "rocket",
    summary: "A model bound to a pipeline version in an environment, behind four-eyes approval.",
    upcoming: ["Request with pre-flight checks and parity evidence", "Admin approval bound to the exact artifacts seen"],
  },
  {
    href: "/runs",
    label: "Runs",
    icon: "play",
    summary: "Executions of deployments, live and historical.",
    upcoming: ["Live run monitor: graph by step status, timeline, logs, outputs", "Filters, failure groups and bulk stop, re-run and redrive"],
  },
  {
    href: "/admin",
    label: "Admin",
    icon: "shield",
    summary: "Users and roles, environments and the audit trail.",
    upcoming: [],
    permission: "users:manage",
  },
];

export function sectionFor(href: string): Section {
  const section = SECTIONS.find((s) => s.href === href);
  if (!section) throw new Error(`No section ${href}`);
  return section;
}
