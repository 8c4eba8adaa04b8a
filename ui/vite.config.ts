import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

// The UI is plain static files served by Tauri's custom protocol: no remote
// content, no inline scripts, CSS in files (the CSP allows 'self' only).
export default defineConfig({
  root,
  plugins: [svelte({ compilerOptions: { css: "external" } })],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.ts"],
    // Node, with modules built as for the window, so rune code (`*.svelte.ts`)
    // runs its effects in tests.
    environment: "./src/rune-environment.ts",
  },
});
