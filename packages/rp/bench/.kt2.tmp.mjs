import { createPublicKey, generateKeyPairSync, sign, verify, createHash } from 'node:crypto';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = publicKey.export({ format: 'jwk' });
const kJwk = createPublicKey({ key: jwk, format: 'jwk' });
const kDer = createPublicKey({ key: publicKey.export({ format: 'der', type: 'spki' }), format: 'der', type: 'spki' });
const data = Buffer.alloc(69, 7); const u8 = new Uint8Array(data);
const sig = sign('sha256', data, privateKey);
const cases = { jwk: () => verify('sha256', data, { key: kJwk, dsaEncoding: 'der' }, sig), der: () => verify('sha256', data, { key: kDer, dsaEncoding: 'der' }, sig) };
const best = {}; const ratio=[];
for (let r = 0; r < 20; r++) { const v={}; for (const [n, f] of Object.entries(cases)) { const t = process.hrtime.bigint(); const N=300; for (let i=0;i<N;i++) if(!f()) throw 0; v[n]=Number(process.hrtime.bigint()-t)/1e3/N; best[n]=Math.min(best[n]??1e9,v[n]); } ratio.push(v.jwk/v.der); }
ratio.sort(); console.log(best, 'median jwk/der', ratio[10]);
