export const MAIN_ID = "main";

/** The first thing a keyboard reaches: past the navigation, straight to the page's content (WCAG 2.4.1). */
export function SkipLink() {
  return (
    <a
      href={`#${MAIN_ID}`}
      className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:outline-2 focus:outline-brand-600"
    >
      Skip to main content
    </a>
  );
}
