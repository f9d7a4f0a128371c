import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="max-w-md text-center">
        <p className="text-sm font-medium text-slate-500">404</p>
        <h1 className="mt-1 text-2xl font-semibold">Nothing here</h1>
        <Link href="/" className="mt-4 inline-block text-brand-600 underline">
          Back to the dashboard
        </Link>
      </div>
    </main>
  );
}
