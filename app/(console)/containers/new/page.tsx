import { CreateContainerForm } from "./create-container-form";

export default function NewContainerPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Create container</h1>
      <CreateContainerForm />
    </div>
  );
}
