import { rsaJwkFromSeed } from '../packages/core/src/crypto/rsaFromSeed.ts';
import { generateKeyPairSync } from 'node:crypto';
const times: number[] = [];
for (let i = 0; i < 20; i++) { const t0 = performance.now(); rsaJwkFromSeed('s' + i, 'x', 2048); times.push(performance.now() - t0); }
times.sort((a, b) => a - b);
console.log('seeded ms median', times[10]!.toFixed(0), 'max', times[19]!.toFixed(0), 'min', times[0]!.toFixed(0));
const t1 = performance.now(); for (let i = 0; i < 5; i++) generateKeyPairSync('rsa', { modulusLength: 2048 }); console.log('native avg', ((performance.now() - t1) / 5).toFixed(0));
