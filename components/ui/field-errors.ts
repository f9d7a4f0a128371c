import type { FieldErrors } from "@/lib/commands/errors";

/** Where a server error key (a zod path such as "steps.0.name") lands when it is not a form field's name. */
export type FieldNames = Readonly<Record<string, string>>;

export type PlacedErrors = { fields: Map<string, string[]>; general: string[] };

/**
 * Sorts the server's field errors onto the form's fields: a key names a field itself, through `aliases`, or
 * by its longest prefix that is a field ("roles.0" → "roles"); the rest are general errors of the form.
 */
export function placeFieldErrors(errors: FieldErrors, isField: (name: string) => boolean, aliases: FieldNames = {}): PlacedErrors {
  const placed: PlacedErrors = { fields: new Map(), general: [] };
  for (const [key, messages] of Object.entries(errors)) {
    const field = fieldFor(key, isField, aliases);
    if (field) placed.fields.set(field, [...(placed.fields.get(field) ?? []), ...messages]);
    else placed.general.push(...messages);
  }
  return placed;
}

function fieldFor(key: string, isField: (name: string) => boolean, aliases: FieldNames): string | null {
  const parts = key.split(".");
  for (let length = parts.length; length > 0; length -= 1) {
    const path = parts.slice(0, length).join(".");
    const name = aliases[path] ?? path;
    if (isField(name)) return name;
  }
  return null;
}

// Marks are ours alone (data attributes): clearing them never touches what the form's own code rendered.
const MESSAGE = "data-field-error";
const SUMMARY = "data-form-errors";
const DESCRIBED = "data-field-error-describes";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function controlsNamed(form: HTMLFormElement, name: string): Control[] {
  return [...form.elements].filter((e): e is Control => (e instanceof HTMLInputElement || e instanceof HTMLSelectElement || e instanceof HTMLTextAreaElement) && e.name === name && e.type !== "hidden");
}

/** The words people see for a field: its label's own text (not hints or earlier messages inside the label). */
function labelOf(control: Control): string {
  const label = control.labels?.[0];
  const own = label ? [...label.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? "").join(" ").trim() : "";
  const legend = control.closest("fieldset")?.querySelector("legend")?.textContent?.trim();
  return control.getAttribute("aria-label") ?? (own || legend || control.name);
}

export function clearFieldErrors(form: HTMLFormElement): void {
  form.querySelectorAll(`[${MESSAGE}], [${SUMMARY}]`).forEach((node) => node.remove());
  form.querySelectorAll<HTMLElement>(`[${DESCRIBED}]`).forEach((control) => {
    const own = (control.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id && id !== control.getAttribute(DESCRIBED));
    if (own.length) control.setAttribute("aria-describedby", own.join(" "));
    else control.removeAttribute("aria-describedby");
    control.removeAttribute(DESCRIBED);
    control.removeAttribute("aria-invalid");
  });
}

/** Marks one field: aria-invalid, a message under it (a group's under its fieldset), tied by aria-describedby. */
function markField(form: HTMLFormElement, controls: Control[], messages: string[], index: number): string {
  const id = `${form.id || "form"}-error-${index}`;
  const message = document.createElement("p");
  message.id = id;
  message.setAttribute(MESSAGE, "");
  // Often inside the field's <label>: hidden from the label's name (assistive technology reads it as the
  // field's description instead, through aria-describedby, which reads hidden text too).
  message.setAttribute("aria-hidden", "true");
  message.className = "mt-1 text-xs font-medium text-red-800";
  message.textContent = messages.join(" ");
  const group = controls.length > 1 ? controls[0]?.closest("fieldset") : null;
  if (group) group.append(message);
  else controls[0]?.insertAdjacentElement("afterend", message);
  for (const control of controls) {
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", [control.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    control.setAttribute(DESCRIBED, id);
  }
  return id;
}

/** The summary at the top of the form: what went wrong and a link to each field; focused so it is read first. */
function summarise(form: HTMLFormElement, heading: string, items: { text: string; target?: Control }[]): void {
  const summary = document.createElement("div");
  summary.setAttribute(SUMMARY, "");
  summary.tabIndex = -1;
  summary.setAttribute("aria-labelledby", `${form.id || "form"}-error-summary`);
  summary.className = "rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 sm:col-span-full";
  const title = document.createElement("p");
  title.id = `${form.id || "form"}-error-summary`;
  title.className = "font-medium";
  title.textContent = heading;
  const list = document.createElement("ul");
  list.className = "mt-1 list-disc pl-5";
  for (const item of items) {
    const entry = document.createElement("li");
    if (item.target) {
      const target = item.target;
      const link = document.createElement("a");
      target.id ||= `${form.id || "form"}-${target.name}`;
      link.href = `#${target.id}`;
      link.className = "underline";
      link.textContent = item.text;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        target.focus();
      });
      entry.append(link);
    } else entry.textContent = item.text;
    list.append(entry);
  }
  summary.append(title, list);
  form.prepend(summary);
  summary.focus();
}

/**
 * Shows the server's field errors in the form itself (GOV.UK's error summary pattern): each field marked and
 * described by its message, a summary at the top linking to them. Returns false when there were none to show.
 */
export function showFieldErrors(form: HTMLFormElement, message: string, errors: FieldErrors | undefined, aliases?: FieldNames): boolean {
  clearFieldErrors(form);
  if (!errors || Object.keys(errors).length === 0) return false;
  if (!form.id) form.id = `form-${Math.random().toString(36).slice(2, 8)}`;
  const placed = placeFieldErrors(errors, (name) => controlsNamed(form, name).length > 0, aliases);
  const items: { text: string; target?: Control }[] = [];
  [...placed.fields].forEach(([name, messages], index) => {
    const controls = controlsNamed(form, name);
    markField(form, controls, messages, index);
    items.push({ text: `${labelOf(controls[0] as Control)}: ${messages.join(" ")}`, target: controls[0] });
  });
  items.push(...placed.general.map((text) => ({ text })));
  summarise(form, placed.fields.size ? `Please correct ${placed.fields.size === 1 ? "this field" : `these ${placed.fields.size} fields`}.` : message, items);
  return true;
}
