// Result rows shared by the package benches and the root `npm run bench` (scripts/bench.mjs):
// one row = one measured operation beside one reference (a raw ceiling or a peer library),
// measured in the same run. JSON shape: { name, ops_per_s, reference, reference_ops_per_s, ratio }.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * A table row. `ratio` defaults to ops / referenceOps; pass a paired ratio (median of per-round
 * ratios from one `interleave` run) when there is one. Extra fields (e.g. `value`, `unit` for a
 * measurement that is not a rate) are kept.
 */
export function row(name, opsPerSec, reference = null, referenceOpsPerSec = null, ratio = undefined, extra = {}) {
  const r = ratio ?? (opsPerSec != null && referenceOpsPerSec ? opsPerSec / referenceOpsPerSec : null);
  return { name, ops_per_s: opsPerSec, reference, reference_ops_per_s: referenceOpsPerSec, ratio: r, ...extra };
}

/** True when the module at `url` is the script node was started with (not imported by another bench). */
export function isMain(url) {
  if (process.argv[1] === undefined) return false;
  try {
    return url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}
