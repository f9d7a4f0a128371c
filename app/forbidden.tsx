import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="flex items-center justify-center px-6 py-24">
      <div className="max-w-md text-center">
        <p className="text-sm font-medium text-red-600">403</p>
        <h1 className="mt-1 text-2xl font-semibold">You do not have access to this page</h1>
        <p className="mt-2 text-slate-600">Your role does not include it. An admin can grant roles in Admin → Users.</p>
        <Link href="/" className="mt-4 inline-block text-brand-600 underline">
          Back to the dashboard
        </Link>
      </div>
    </main>
  );
}
