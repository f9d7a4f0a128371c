#!/usr/bin/env node
// `npx ferry …` from a checkout: the CLI is TypeScript (cli/), run through tsx's loader like the rest of Ferry's scripts.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv);
