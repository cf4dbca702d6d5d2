#!/usr/bin/env node
/**
 * The `vfido` executable: runs the program on `process.argv` and exits with its code.
 * @module
 */
import { run } from './program.js';

process.exitCode = await run(process.argv);
