#!/usr/bin/env node
/**
 * The `vfido` executable: runs the command line in `process.argv` and exits with its code. The fast
 * start forms (fastPath.ts) run from here; everything else loads the commander program
 * (program.ts `run`). The build bundles this entry with what the fast forms load
 * (packages/cli/scripts/bundle.mjs: dist/vfido.cjs, CommonJS, so no top-level await here), and leaves program.js
 * unbundled. A failure to load the program is an internal error (exit 3), as bin/vfido.js reports it.
 * @module
 */
import { fastCommand, runFast } from './fastPath.js';
import { processOutput } from './output.js';

const fast = fastCommand(process.argv.slice(2));
void (fast ? runFast(fast, process.argv, processOutput) : import('./program.js').then(({ run }) => run(process.argv))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 3;
  },
);
