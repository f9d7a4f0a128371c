"use client";

import { createContext, useContext, useId, type ReactNode } from "react";

/** The spec's validation issues by dotted path, so any field deep in the form can show its own. */
export const IssuesContext = createContext<ReadonlyMap<string, string[]>>(new Map());

type ControlProps = { id: string; "aria-invalid": boolean; "aria-describedby"?: string };

/** A labelled control with the issues zod found at `path` underneath it. */
export function Field({ label, path, className, children }: { label: string; path?: string; className?: string; children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const messages = useContext(IssuesContext).get(path ?? "") ?? [];
  const errorId = `${id}-errors`;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children({ id, "aria-invalid": messages.length > 0, ...(messages.length ? { "aria-describedby": errorId } : {}) })}
      <FieldIssues id={errorId} messages={messages} />
    </div>
  );
}

/** Issues of a group (a list of inputs, a record) that belong to no single control. */
export function GroupIssues({ path }: { path: string }) {
  return <FieldIssues messages={useContext(IssuesContext).get(path) ?? []} />;
}

function FieldIssues({ id, messages }: { id?: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-xs text-red-700">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}
