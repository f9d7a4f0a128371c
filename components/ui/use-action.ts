"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import type { Result } from "@/lib/commands/errors";

/**
 * The one way client components call server actions: a pending flag, a toast for the outcome (the server's
 * user message on failure), and a refresh so server-rendered data shows the change.
 */
export function useAction<Input, Output>(action: (input: Input) => Promise<Result<Output>>) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function run(input: Input, success: string | ((data: Output) => string)): Promise<Result<Output>> {
    return new Promise((resolve) => {
      startTransition(async () => {
        const result = await action(input);
        if (result.ok) {
          toast.success(typeof success === "function" ? success(result.data) : success);
          router.refresh();
        } else {
          toast.error(result.error);
        }
        resolve(result);
      });
    });
  }
  return { run, pending };
}
