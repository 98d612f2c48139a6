// Plain JavaScript entry for the extraction worker thread: worker threads do
// not inherit the parent's TypeScript loader, so register tsx here, then load
// the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
