import { NavIcon } from "./nav-icon";
import { sectionFor } from "./sections";

/** A section that exists in navigation but whose features land in a later issue: says what will live here. */
export function SectionPlaceholder({ href }: { href: string }) {
  const section = sectionFor(href);
  return (
    <div className="max-w-3xl">
      <h1 className="flex items-center gap-2 text-2xl font-semibold text-slate-900">
        <NavIcon name={section.icon} className="h-6 w-6 text-brand-600" />
        {section.label}
      </h1>
      <p className="mt-2 text-slate-600">{section.summary}</p>
      <div className="mt-6 rounded-xl border border-dashed border-slate-300 bg-white p-6">
        <h2 className="text-sm font-medium uppercase tracking-wide text-slate-500">Coming to this page</h2>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-slate-700">
          {section.upcoming.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
