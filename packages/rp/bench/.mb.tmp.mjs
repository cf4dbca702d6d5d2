import crypto, { createHash } from 'node:crypto';
import { sha256 as nsha } from '@noble/hashes/sha2.js';
const cdj = Buffer.from(JSON.stringify({type:'webauthn.get',challenge:crypto.randomBytes(32).toString('base64url'),origin:'https://login.example.com',crossOrigin:false}));
const u8 = new Uint8Array(cdj.buffer, cdj.byteOffset, cdj.byteLength);
const s = cdj.toString('base64url');
const td = new TextDecoder('utf-8');
const RE = /^[A-Za-z0-9_-]*={0,2}$/;
const cases = {
  createHash: () => createHash('sha256').update(u8).digest(),
  hashOneShot: () => crypto.hash('sha256', u8, 'buffer'),
  hashStr: () => crypto.hash('sha256', 'example.com', 'buffer'),
  noble: () => nsha(u8),
  nobleStr: () => nsha(new TextEncoder().encode('example.com')),
  textDecoder: () => td.decode(u8),
  bufToString: () => Buffer.from(u8.buffer,u8.byteOffset,u8.byteLength).toString('utf8'),
  utf8Slice: () => cdj.utf8Slice(0, cdj.length),
  jsonParse: () => JSON.parse('{"type":"webauthn.get","challenge":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ","origin":"https://login.example.com","crossOrigin":false}'),
  regex: () => RE.test(s),
  replace: () => s.replace(/=+$/, ''),
  bufFrom: () => Buffer.from(s, 'base64url'),
  toB64: () => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('base64'),
  microtask: async () => { await (async () => {})(); },
};
const best = {};
for (let r = 0; r < 8; r++) for (const [n, f] of Object.entries(cases)) { const N=20000; for (let i=0;i<2000;i++) f(); const t = process.hrtime.bigint(); if (n==='microtask') for (let i=0;i<N;i++) await f(); else for (let i=0;i<N;i++) f(); const v=Number(process.hrtime.bigint()-t)/N; best[n]=Math.min(best[n]??1e9,v); }
for (const [n,v] of Object.entries(best)) console.log(n.padEnd(12), v.toFixed(0), 'ns');
