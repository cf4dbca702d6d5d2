import { createPublicKey, generateKeyPairSync, sign, verify, createHash } from 'node:crypto';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = publicKey.export({ format: 'jwk' });
const kJwk = createPublicKey({ key: jwk, format: 'jwk' });
const kDer = createPublicKey({ key: publicKey.export({ format: 'der', type: 'spki' }), format: 'der', type: 'spki' });
const data = Buffer.alloc(69, 7); const u8 = new Uint8Array(data);
const sig = sign('sha256', data, privateKey);
const cases = { jwkBuf: () => verify('sha256', data, { key: kJwk, dsaEncoding: 'der' }, sig), derBuf: () => verify('sha256', data, { key: kDer, dsaEncoding: 'der' }, sig),
  jwkU8: () => verify('sha256', u8, { key: kJwk, dsaEncoding: 'der' }, new Uint8Array(sig)), derU8: () => verify('sha256', u8, { key: kDer, dsaEncoding: 'der' }, sig) };
for (let r = 0; r < 3; r++) for (const [n, f] of Object.entries(cases)) { for (let i=0;i<300;i++) f(); const t = process.hrtime.bigint(); const N=3000; for (let i=0;i<N;i++) if(!f()) throw 0; console.log(n, (Number(process.hrtime.bigint()-t)/1e3/N).toFixed(1)); }
