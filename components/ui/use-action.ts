"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import type { Result } from "@/lib/commands/errors";
import { clearFieldErrors, showFieldErrors, type FieldNames } from "./field-errors";

export type RunOptions = {
  /** The form whose fields the server's field errors belong to; by default the form holding the focus when the action starts. */
  form?: HTMLFormElement | null;
  /** Server error keys that are not the form's field names, mapped to the field that shows them. */
  fields?: FieldNames;
};

/**
 * The form a submit came from: the submit button or the field where Enter was pressed holds the focus when
 * the form's handler calls run(), so forms get field errors without wiring anything.
 */
function focusedForm(): HTMLFormElement | null {
  return document.activeElement instanceof HTMLElement ? document.activeElement.closest("form") : null;
}

/**
 * The one way client components call server actions: a pending flag, a toast for the outcome (the server's
 * user message on failure), the server's field errors shown at the fields of the form (see field-errors.ts)
 * and a refresh so server-rendered data shows the change. The result (with `fieldErrors` on a failure) is
 * returned too.
 */
export function useAction<Input, Output>(action: (input: Input) => Promise<Result<Output>>) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function run(input: Input, success: string | ((data: Output) => string), options: RunOptions = {}): Promise<Result<Output>> {
    const form = options.form ?? focusedForm();
    if (form) clearFieldErrors(form);
    return new Promise((resolve) => {
      startTransition(async () => {
        const result = await action(input);
        if (result.ok) {
          toast.success(typeof success === "function" ? success(result.data) : success);
          router.refresh();
        } else {
          toast.error(result.error);
          if (form?.isConnected) showFieldErrors(form, result.error, result.fieldErrors, options.fields);
        }
        resolve(result);
      });
    });
  }
  return { run, pending };
}
