import { readFileSync } from 'node:fs';
import { splitParts } from './engine/parts.ts';
import { selection, freshAuthenticator } from './harness/ctap2.ts';
import { decodeCbor } from '../packages/core/src/cbor/index.ts';
const [s, ...reqs] = splitParts(readFileSync(process.argv[2]!), 7);
const sel = selection(s![0] ?? 0);
console.log(sel);
const a = await freshAuthenticator(sel);
for (const r of reqs) {
  if (!r.length) continue;
  let p: unknown; try { p = decodeCbor(r.subarray(1)); } catch (e) { p = (e as Error).message; }
  const t0 = performance.now(); const out = await a.request(r);
  console.log('cmd', r[0], 'ms', (performance.now() - t0).toFixed(0), 'status', out.status, out.error?.message?.slice(0, 100));
  console.dir(p, { depth: 3, maxArrayLength: 4 });
}
