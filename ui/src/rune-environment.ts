// The UI tests' Vitest environment: Node, with modules transformed for the
// client, so rune code (`*.svelte.ts`) gets Svelte's client runtime, where
// effects run (the default, server-side one never runs them).
import type { Environment } from "vitest/environments";

const environment: Environment = {
  name: "rune-node",
  viteEnvironment: "client",
  setup() {
    return { teardown() {} };
  },
};

export default environment;
