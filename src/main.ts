// The action as a module (the layout of actions/typescript-action): `run` is the whole action, so
// that a runner can import it and call it, as GitHub's local runner does:
//   npx @github/local-action run . src/main.ts .env.example
// src/index.ts is the entry point that calls it (bundled to dist/index.js).
export async function run(): Promise<void> {
  const { runAction } = await import('./action.js');
  await runAction();
}
