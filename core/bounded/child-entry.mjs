// Plain JavaScript entry of a bounded child process (core/bounded/index.ts):
// a child does not inherit the parent's TypeScript loader, so register tsx
// here, then run the TypeScript side.
import { register } from "tsx/esm/api";

register();
await import("./child.ts");
