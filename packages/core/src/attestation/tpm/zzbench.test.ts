import 'reflect-metadata';
import { it } from 'vitest';
import * as x509 from '@peculiar/x509';
import { p256 } from '@noble/curves/nist.js';
import { createKeyPair } from '../../crypto/keyPair.js';
import { issueLeaf, vendorCa } from '../../ca/testCa.js';

async function mark(name: string, n: number, fn: () => unknown): Promise<void> {
  for (let i = 0; i < 20; i++) await fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const ms = (performance.now() - t) / n;
  console.log(`${name} x ${Math.round(1000 / ms)} ops/sec @ ${ms.toFixed(3)} ms/op`);
}

it('bench', async () => {
  const ec = createKeyPair(-7, 's', 'c');
  const ca = await vendorCa('google', 's');
  await mark('issueLeaf minimal', 300, () => issueLeaf(ca, { subject: 'CN=Android Keystore Key', publicKey: ec.publicKey, serialNumber: '01' }, 's'));
  const secret = new Uint8Array(32).fill(3);
  await mark('noble p256.sign prehash', 300, () => p256.sign(new Uint8Array(500), secret, { prehash: true, format: 'compact' }));
  await mark('x509 parse', 300, () => new x509.X509Certificate(ca.intermediate.der));
}, 120000);
