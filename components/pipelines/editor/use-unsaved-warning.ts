"use client";

import { useEffect } from "react";

const LEAVE_MESSAGE = "This pipeline has unsaved changes. Leave and lose them?";

/** A click that would take the page elsewhere in this app: a plain left click on a same-origin link to another page. */
function leavingLink(event: MouseEvent): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute("download") || (link.target && link.target !== "_self")) return false;
  const to = new URL(link.href, window.location.href);
  return to.origin === window.location.origin && (to.pathname !== window.location.pathname || to.search !== window.location.search);
}

/**
 * While the editor holds unsaved changes, asks before leaving: the browser's own prompt for reloads, closed
 * tabs and typed addresses (beforeunload), and a confirmation for the app's links, which navigate without
 * unloading the page. The click listener runs in the capture phase on the document, before Next's Link.
 */
export function useUnsavedWarning(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    const guard = (event: MouseEvent) => {
      if (!leavingLink(event) || window.confirm(LEAVE_MESSAGE)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", warn);
    document.addEventListener("click", guard, { capture: true });
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", guard, { capture: true });
    };
  }, [dirty]);
}
