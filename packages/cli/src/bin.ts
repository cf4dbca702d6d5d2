#!/usr/bin/env node
/**
 * The `vfido` executable: runs the command line in `process.argv` and exits with its code. The fast
 * start forms (fastPath.ts) run from here; everything else loads the commander program
 * (program.ts `run`). The build bundles this entry with what the fast forms load
 * (packages/cli/scripts/bundle.mjs: dist/vfido.js and its chunks), and leaves program.js unbundled.
 * @module
 */
import { fastCommand, runFast } from './fastPath.js';
import { processOutput } from './output.js';

const fast = fastCommand(process.argv.slice(2));
process.exitCode = fast ? await runFast(fast, process.argv, processOutput) : await (await import('./program.js')).run(process.argv);
