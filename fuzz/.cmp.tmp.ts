import { readFileSync } from 'node:fs';
import { decodeCbor, decodeCborPrefix } from '/work/main/packages/rp/src/cbor/decodeCbor.ts';
import { decodeCbor as core } from '/work/main/packages/core/src/cbor/index.ts';
for (const f of process.argv.slice(2)) {
  const d = readFileSync(f);
  console.log(f, d.toString('hex').slice(0, 200));
  try { console.log('rp', decodeCbor(d)); console.log('rp prefix', decodeCborPrefix(d)); } catch (e) { console.log('rp err', (e as Error).message); }
  try { console.log('core', core(d)); } catch (e) { console.log('core err', (e as Error).message); }
}
