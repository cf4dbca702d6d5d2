#!/usr/bin/env node
// After `tsc -b`: check that each workspace bin's launcher (committed, what npm links at install time, possibly
// before `prepare` has built dist/) and the built entry it loads exist, and keep the launcher executable
// (a checkout with core.fileMode=false, or an archive, can drop the execute bit).
import { chmodSync, existsSync } from 'node:fs';

const BINS = [{ launcher: 'packages/cli/bin/vfido.js', entry: 'packages/cli/dist/bin.js' }];

for (const { launcher, entry } of BINS) {
  for (const file of [launcher, entry]) {
    if (!existsSync(file)) {
      console.error(`mark-bins: ${file} is missing; ${file === entry ? 'did the build fail?' : 'it is committed: restore it from git'}`);
      process.exit(1);
    }
  }
  chmodSync(launcher, 0o755);
}
