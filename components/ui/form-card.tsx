import type { FormEvent, ReactNode, Ref } from "react";

type Props = { title: string; heading?: "h2" | "h3"; ref?: Ref<HTMLFormElement>; onSubmit: (event: FormEvent<HTMLFormElement>) => void; children: ReactNode };

/** A form in a card, in two columns on wide screens; its title heads it and names it for screen readers. */
export function FormCard({ title, heading: Heading = "h2", ref, onSubmit, children }: Props) {
  return (
    <form ref={ref} onSubmit={onSubmit} aria-label={title} className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2">
      <Heading className="font-medium sm:col-span-2">{title}</Heading>
      {children}
    </form>
  );
}
