import { EnvironmentForm } from "../environment-form";

export default function NewEnvironmentPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Add environment</h1>
      <p className="text-sm text-slate-500">Wharf connects once to check the host before saving. Certificates and keys are stored encrypted.</p>
      <EnvironmentForm />
    </div>
  );
}
