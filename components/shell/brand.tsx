import Link from "next/link";

/** Ferry's name, linking home: in the sidebar on wide screens, in the header on narrow ones. */
export function Brand({ className = "" }: { className?: string }) {
  return (
    <Link href="/" className={`text-xl font-semibold tracking-tight text-brand-900 ${className}`}>
      Ferry
    </Link>
  );
}
