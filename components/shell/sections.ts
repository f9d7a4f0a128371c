import type { Permission } from "@/lib/auth/permissions";

/** The app's sections, as the navigation lists them. */
export type Section = {
  href: string;
  label: string;
  icon: "gauge" | "boxes" | "container" | "file-code" | "workflow" | "rocket" | "play" | "shield";
  permission?: Permission;
};

export const SECTIONS: readonly Section[] = [
  {
    href: "/",
    label: "Dashboard",
    icon: "gauge",
  },
  {
    href: "/models",
    label: "Models",
    icon: "boxes",
  },
  {
    href: "/images",
    label: "Images",
    icon: "container",
  },
  {
    href: "/scripts",
    label: "Scripts",
    icon: "file-code",
  },
  {
    href: "/pipelines",
    label: "Pipelines",
    icon: "workflow",
  },
  {
    href: "/deployments",
    label: "Deployments",
    icon: "rocket",
  },
  {
    href: "/runs",
    label: "Runs",
    icon: "play",
  },
  {
    href: "/api-docs",
    label: "API",
    icon: "file-code",
  },
  {
    href: "/admin",
    label: "Admin",
    icon: "shield",
    permission: "users:manage",
  },
];

