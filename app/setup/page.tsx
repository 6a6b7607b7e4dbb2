// First-run setup: creates the first administrator. Exists only until one has been created (then 404).
import { notFound } from "next/navigation";
import { isSetupNeeded } from "@/server/auth/page-guards";
import { AuthCard } from "../components/auth-card";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await isSetupNeeded())) notFound();
  return (
    <AuthCard title="Welcome to Wharf" subtitle="Create the administrator account to finish setting up.">
      <SetupForm />
    </AuthCard>
  );
}
