#!/usr/bin/env node
// After `tsc -b`: make the workspace bins executable. npm links bins at install time, possibly
// before `prepare` has built them, and tsc writes new files without the execute bit.
import { chmodSync, existsSync } from 'node:fs';

for (const bin of ['packages/cli/dist/bin.js']) {
  if (!existsSync(bin)) {
    console.error(`mark-bins: ${bin} is missing; did the build fail?`);
    process.exit(1);
  }
  chmodSync(bin, 0o755);
}
