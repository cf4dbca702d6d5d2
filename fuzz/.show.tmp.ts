import { readFileSync } from 'node:fs';
import { splitParts } from './engine/parts.ts';
import { selection, freshAuthenticator } from './harness/ctap2.ts';
import { decodeCbor } from '../packages/core/src/cbor/index.ts';
for (const f of process.argv.slice(2)) {
  const [s, p] = splitParts(readFileSync(f), 2);
  const sel = selection(s![0] ?? 0);
  let params: unknown; try { params = decodeCbor(p!); } catch (e) { params = (e as Error).message; }
  console.log(f, sel, p!.length);
  console.dir(params, { depth: 4 });
  const a = await freshAuthenticator(sel);
  for (let i = 0; i < 3; i++) { const t0 = performance.now(); const r = await a.request(Uint8Array.of(1, ...p!)); console.log('ms', (performance.now() - t0).toFixed(0), r.status, r.error?.message); }
}
