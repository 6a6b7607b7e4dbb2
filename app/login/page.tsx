import { redirect } from "next/navigation";
import { getSessionUser, isSetupNeeded } from "@/server/auth/page-guards";
import { AuthCard } from "../components/auth-card";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ created?: string }> }) {
  if (await isSetupNeeded()) redirect("/setup");
  if (await getSessionUser()) redirect("/");
  const { created } = await searchParams;
  return (
    <AuthCard title="Sign in" subtitle="Sign in to manage your containers.">
      {created ? (
        <p className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Administrator created. Sign in with it now.
        </p>
      ) : null}
      <LoginForm />
    </AuthCard>
  );
}
