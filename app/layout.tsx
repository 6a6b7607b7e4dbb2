import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppProviders } from "./trpc-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: "Wharf",
  description: "Containers across all your Docker hosts",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-slate-50 font-sans text-slate-900 antialiased">
        <AppProviders>{children}</AppProviders>
      </body>
    </html>
  );
}
