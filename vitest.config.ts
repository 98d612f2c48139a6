import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/fail-on-console-error.ts"],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // Two cores: one fork per core keeps the database and Chromium responsive.
    pool: "forks",
    maxWorkers: 2,
  },
});
