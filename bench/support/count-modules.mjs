// Loaded with `node --import` by bench/cli-help.mjs: records every module
// URL the process loads (through ESM hooks, which also see what tsx loads).
import { register } from "node:module";

register("./count-modules-hooks.mjs", import.meta.url, { data: { out: process.env.COUNT_MODULES_FILE } });
