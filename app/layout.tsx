import type { Metadata } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import { Toaster } from "sonner";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Ferry", template: "%s · Ferry" },
  description: "Carry legacy machine-learning code into Amazon SageMaker, orchestrated by AWS Step Functions.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so each gets the fresh CSP nonce from proxy.ts
  // (Next tags its own scripts with it); a prerendered page would carry none and be blocked.
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
        {/* Bottom-right: a toast never covers the header's user menu or notifications. */}
        <Toaster richColors closeButton position="bottom-right" />
      </body>
    </html>
  );
}
