/**
 * Enterprise attestation (CTAP 2.1 7.1, makeCredential 6.1.2 step 9): refused unless the model is
 * capable (getInfo ep) and it was enabled with authenticatorConfig; value 2 always, value 1 only for
 * pre-configured RP IDs; the attestation certificate is unique to the authenticator (its serial)
 * and still chains to the vendor test root; epAtt is true exactly then.
 */
import 'reflect-metadata';
import { createHash, randomBytes, verify, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { type CborMap, type CborValue } from '../cbor/index.js';
import { attestationRootsPem, FIDO_AAGUID_OID } from '../ca/testCa.js';
import type { AuthenticatorState } from './command.js';
import { Permission } from './pinUv/pinUvAuthToken.js';
import { CtapStatus } from './status.js';
import { issueToken, mgmtState, send } from '../../test-utils/managementHarness.js';
import { deviceSerial, setVendorFacilitatedRpIds } from './enterpriseAttestation.js';

const SERIAL_NUMBER_OID = '2.5.4.5';

async function makeCredential(state: AuthenticatorState, enterpriseAttestation: CborValue | undefined, rpId = 'example.com') {
  const clientDataHash = new Uint8Array(createHash('sha256').update(randomBytes(16)).digest());
  const params = new Map<number, CborValue>([
    [1, clientDataHash],
    [2, new Map([['id', rpId]])],
    [3, new Map<string, CborValue>([['id', Uint8Array.of(1)], ['name', 'ada']])],
    [4, [new Map<string, CborValue>([['alg', -7], ['type', 'public-key']])]],
  ]);
  if (enterpriseAttestation !== undefined) params.set(0x0a, enterpriseAttestation);
  return { ...(await send(state, 0x01, params)), clientDataHash };
}

/** generic (the ep-capable preset) with enterprise attestation enabled through authenticatorConfig. */
async function enabled(seed = 'ea-test'): Promise<AuthenticatorState> {
  const state = mgmtState('generic', seed);
  const token = issueToken(state, Permission.acfg);
  const msg = Uint8Array.of(...new Uint8Array(32).fill(0xff), 0x0d, 0x01);
  const out = await send(state, 0x0d, new Map<number, CborValue>([[1, 1], [3, 2], [4, token.mac(msg)]]));
  expect(out.status).toBe(CtapStatus.CTAP2_OK);
  return state;
}

const leafOf = (body: CborMap): Uint8Array => ((body.get(3) as CborMap).get('x5c') as Uint8Array[])[0]!;

describe('enterprise attestation refused (6.1.2 step 9.1 / 9.2)', () => {
  it('a model without the ep option: CTAP1_ERR_INVALID_PARAMETER', async () => {
    for (const value of [1, 2]) expect((await makeCredential(mgmtState('yubikey-5-nfc'), value)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
  });

  it('capable but not enabled: CTAP1_ERR_INVALID_PARAMETER, nothing stored', async () => {
    const state = mgmtState('generic');
    expect((await makeCredential(state, 2)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    expect(state.store.list()).toHaveLength(0);
  });

  it('enabled, a value other than 1 or 2: CTAP2_ERR_INVALID_OPTION', async () => {
    const state = await enabled();
    for (const value of [0, 3, 255]) expect((await makeCredential(state, value)).status).toBe(CtapStatus.CTAP2_ERR_INVALID_OPTION);
    expect((await makeCredential(state, 'two')).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });
});

describe('enterprise attestation returned (7.1)', () => {
  it('platform-managed (2): packed x5c whose leaf carries this authenticator\'s serial, epAtt true, chain to the vendor root', async () => {
    const state = await enabled();
    const out = await makeCredential(state, 2);
    expect(out.status).toBe(CtapStatus.CTAP2_OK);
    expect(out.body!.get(1)).toBe('packed');
    expect(out.body!.get(4)).toBe(true);
    const attStmt = out.body!.get(3) as CborMap;
    expect([...attStmt.keys()].sort()).toEqual(['alg', 'sig', 'x5c']);
    const der = leafOf(out.body!);
    const cert = new x509.X509Certificate(der);
    expect(cert.subjectName.getField(SERIAL_NUMBER_OID)).toEqual([deviceSerial(state)]);
    expect(cert.subjectName.getField('OU')).toEqual(['Authenticator Attestation']);
    expect(Buffer.from(cert.getExtension(FIDO_AAGUID_OID)!.value).subarray(2)).toEqual(Buffer.from(state.aaguid));
    const authData = out.body!.get(2) as Uint8Array;
    expect(verify('sha256', Buffer.concat([authData, out.clientDataHash]), new NodeX509(der).publicKey, attStmt.get('sig') as Uint8Array)).toBe(true);
    const [rootPem] = await attestationRootsPem('vfido', 'ea-test');
    const x5c = attStmt.get('x5c') as Uint8Array[];
    const chain = await new x509.X509ChainBuilder({ certificates: [new x509.X509Certificate(x5c[1]!), new x509.X509Certificate(rootPem!)] }).build(cert);
    expect(chain).toHaveLength(3);
  });

  it('the certificate is the same on every call of one authenticator and differs between authenticators', async () => {
    const a = await enabled('ea-device-a');
    const first = leafOf((await makeCredential(a, 2)).body!);
    const again = leafOf((await makeCredential(a, 2, 'other.example')).body!);
    expect(Buffer.from(again)).toEqual(Buffer.from(first));
    const b = await enabled('ea-device-b');
    expect(deviceSerial(b)).not.toBe(deviceSerial(a));
    const other = leafOf((await makeCredential(b, 2)).body!);
    expect(Buffer.from(other).equals(Buffer.from(first))).toBe(false);
  });

  it('vendor-facilitated (1): ordinary attestation for an RP not on the list, enterprise for one on it', async () => {
    const state = await enabled();
    const plain = await makeCredential(state, 1);
    expect(plain.status).toBe(CtapStatus.CTAP2_OK);
    expect(plain.body!.has(4)).toBe(false);
    expect([...(plain.body!.get(3) as CborMap).keys()].sort()).toEqual(['alg', 'sig']); // generic's own packed self attestation
    setVendorFacilitatedRpIds(state, ['example.com']);
    const listed = await makeCredential(state, 1);
    expect(listed.body!.get(4)).toBe(true);
    expect(new x509.X509Certificate(leafOf(listed.body!)).subjectName.getField(SERIAL_NUMBER_OID)).toEqual([deviceSerial(state)]);
    expect((await makeCredential(state, 1, 'elsewhere.example')).body!.has(4)).toBe(false);
  });

  it('without the parameter: the ordinary attestation, no epAtt', async () => {
    const out = await makeCredential(await enabled(), undefined);
    expect(out.status).toBe(CtapStatus.CTAP2_OK);
    expect(out.body!.has(4)).toBe(false);
  });
});
