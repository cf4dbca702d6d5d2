/**
 * navigator.credentials.create() for public-key credentials, as a browser runs it
 * (WebAuthn L3 5.1.3 "Create a New Credential"), returning RegistrationResponseJSON.
 * @module
 */
import { encodeCbor, decodeCbor } from '../cbor/index.js';
import type { CborMap, CborValue } from '../cbor/types.js';
import { parseAuthenticatorData } from '../authData/index.js';
import { coseKeyToSpki } from '../cose/index.js';
import { CtapCommand } from '../ctap2/command.js';
import type { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { CtapStatus } from '../ctap2/status.js';
import { probeAuthenticatorInfo } from './authenticatorInfo.js';
import { registerWithU2f } from './u2fCeremony.js';
import { b64u, b64uField, CtapChannel, effectiveTimeout } from './ceremony.js';
import { Permission } from '../ctap2/pinUv/pinUvAuthToken.js';
import { knownResidentKey, RegistrationExtensions } from './extensions/registration.js';
import { needsUserVerification, verifyUser, type UvGrant, type UvRequest } from './userVerification.js';
import { serializeClientData } from './clientData.js';
import { callerOrigin, checkRpId } from './origin.js';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from './types.js';
import { WebAuthnError } from './webAuthnError.js';
import type { CeremonyOptions, ClientConfig } from './webAuthnClient.js';

/** WebAuthn L3 5.1.3 step 10: the default when pubKeyCredParams is empty (ES256, RS256). */
const DEFAULT_ALGS = [-7, -257];

function requireObject(value: unknown, member: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new WebAuthnError('TypeError', `${member} is required and must be an object`);
  return value as Record<string, unknown>;
}

function requireString(value: unknown, member: string): string {
  if (typeof value !== 'string') throw new WebAuthnError('TypeError', `${member} is required and must be a string`);
  return value;
}

/** Run a registration ceremony on `authenticator`. */
export async function createCredential(
  authenticator: VirtualAuthenticator,
  config: ClientConfig,
  input: PublicKeyCredentialCreationOptionsJSON,
  ceremony: CeremonyOptions = {},
): Promise<RegistrationResponseJSON> {
  const options = requireObject(input, 'options') as unknown as PublicKeyCredentialCreationOptionsJSON;
  const rp = requireObject(options.rp, 'options.rp');
  requireString(rp.name, 'options.rp.name');
  const user = requireObject(options.user, 'options.user');
  const userId = b64uField(user.id, 'options.user.id');
  // At most 64 bytes (WebAuthn L3 5.4.3). Browsers accept an empty user handle (Chromium 156; the bridge's differential suite checks it).
  if (userId.length > 64) throw new WebAuthnError('TypeError', 'options.user.id must be at most 64 bytes (WebAuthn L3 5.4.3)');
  requireString(user.name, 'options.user.name');
  requireString(user.displayName, 'options.user.displayName');
  const challenge = requireString(options.challenge, 'options.challenge');
  b64uField(challenge, 'options.challenge');
  if (!Array.isArray(options.pubKeyCredParams)) throw new WebAuthnError('TypeError', 'options.pubKeyCredParams is required and must be an array');

  const caller = callerOrigin(config.origin);
  const rpId = checkRpId(rp.id === undefined ? undefined : requireString(rp.id, 'options.rp.id'), caller);
  const preset = authenticator.preset;
  const via = ceremony.via ?? config.via ?? 'direct';

  // Step 10: keep public-key entries; an empty list means ES256 + RS256.
  const params = options.pubKeyCredParams.length === 0 ? DEFAULT_ALGS.map((alg) => ({ type: 'public-key', alg })) : options.pubKeyCredParams;
  const algs = params.filter((p) => p && p.type === 'public-key' && Number.isInteger(p.alg)).map((p) => p.alg);
  if (algs.length === 0) throw new WebAuthnError('NotSupportedError', 'options.pubKeyCredParams has no public-key entry with an integer alg');

  const selection = options.authenticatorSelection ?? {};
  const attachment = via === 'hybrid' ? 'cross-platform' : preset.attachment;
  if (selection.authenticatorAttachment && selection.authenticatorAttachment !== attachment) {
    throw new WebAuthnError('NotAllowedError', `the RP asked for a ${selection.authenticatorAttachment} authenticator but ${preset.id} is ${attachment} here`);
  }
  const residentKey = selection.residentKey ?? (selection.requireResidentKey ? 'required' : 'discouraged');
  if (residentKey === 'required' && !preset.residentKeys) {
    throw new WebAuthnError('NotAllowedError', `residentKey is required but ${preset.id} cannot store discoverable credentials`);
  }
  const rk = residentKey === 'required' || (residentKey === 'preferred' && preset.residentKeys);
  const exclude = (options.excludeCredentials ?? []).filter((d) => d && d.type === 'public-key');
  const excludeIds = exclude.map((d, i) => b64uField(d.id, `options.excludeCredentials[${i}].id`));
  // Step 12: client extension inputs are checked before any authenticator is contacted.
  const extensions = new RegistrationExtensions(options.extensions);

  const { json: clientDataJSON, hash } = serializeClientData({ type: 'webauthn.create', challenge, origin: caller.origin, ...(config.topOrigin && { topOrigin: config.topOrigin }) });
  const conveyance = options.attestation ?? 'none';
  const channel = new CtapChannel(authenticator, 'create', { timeoutMs: effectiveTimeout(options.timeout), signal: ceremony.signal, call: { via } });
  const { user: person } = authenticator;
  person.beginClientCeremony();
  try {
    const info = await probeAuthenticatorInfo(channel);
    if (!info) {
      // getInfo failed: a U2F-only key, registered over CTAP1 as browsers do (CTAP 2.1 section 10.2).
      // No CTAP2 extension reaches a U2F key: every requested extension answers as unsupported (Chromium 156).
      const clientExtensionResults = extensions.outputs(new Map(), undefined, false);
      return await registerWithU2f(channel, { preset, rpId, clientDataJSON, clientDataHash: hash, excludeIds, conveyance, userVerification: selection.userVerification, residentKey, algorithms: algs, clientExtensionResults });
    }
    const { wantsUv } = extensions.plan(info, rk);
    const uvRequest: UvRequest = {
      requirement: selection.userVerification,
      extensionWantsUv: wantsUv,
      preferredByDefault: preset.userVerification.default,
      rk,
      permissions: Permission.mc,
      rpId,
    };
    const attempt = async (request: UvRequest) => {
      // Step 20: user verification, then the authenticatorMakeCredential call.
      const grant: UvGrant = needsUserVerification(info, 'create', request) ? await verifyUser(channel, info, person, request) : { method: 'none' };
      const params: CborMap = new Map<number, CborValue>([
        [0x01, hash],
        [0x02, new Map([['id', rpId], ['name', rp.name as string]])],
        [0x03, new Map<string, CborValue>([['id', userId], ['name', user.name as string], ['displayName', user.displayName as string]])],
        [0x04, algs.map((alg) => new Map<string, CborValue>([['alg', alg], ['type', 'public-key']]))],
      ]);
      if (excludeIds.length) params.set(0x05, excludeIds.map((id) => new Map<string, CborValue>([['id', id], ['type', 'public-key']])));
      const extensionInputs = await extensions.inputs(channel, info, grant, rk);
      if (extensionInputs) params.set(0x06, extensionInputs);
      const ctapOptions = new Map<string, boolean>();
      if (rk) ctapOptions.set('rk', true);
      if (grant.method === 'builtIn') ctapOptions.set('uv', true);
      if (ctapOptions.size) params.set(0x07, ctapOptions);
      if (grant.method === 'token') {
        // CTAP 2.1 6.1 pinUvAuthParam: authenticate(pinUvAuthToken, clientDataHash).
        params.set(0x08, grant.token.protocol.authenticate(grant.token.token, hash));
        params.set(0x09, grant.token.protocol.version);
      }
      // CTAP 2.2 attestationFormatsPreference: skip building attestation nobody will see.
      if (conveyance === 'none') params.set(0x0b, ['none']);
      else if (options.attestationFormats?.length) params.set(0x0b, options.attestationFormats);
      return { answer: await channel.exchange(CtapCommand.MakeCredential, params), grant };
    };
    let result = await attempt(uvRequest);
    // CTAP 2.1 6.1.2: the authenticator insists on user verification; ask for it and try again.
    if (result.answer.status === CtapStatus.CTAP2_ERR_PUAT_REQUIRED && result.grant.method === 'none') result = await attempt({ ...uvRequest, requirement: 'required' });
    if (result.answer.status !== 0) throw channel.failure(result.answer);
    const response = result.answer.body;
    let fmt = response.get(0x01) as string;
    let authData = response.get(0x02) as Uint8Array;
    let attStmt = response.get(0x03) as CborMap;
    // WebAuthn L3 5.1.3 step 22 ("none" conveyance): replace the statement; keep the AAGUID unless configured.
    if (conveyance === 'none' && fmt !== 'none') {
      fmt = 'none';
      attStmt = new Map();
    }
    if (conveyance === 'none' && config.zeroAaguidOnNone) {
      authData = new Uint8Array(authData);
      authData.fill(0, 37, 53);
    }
    const parsed = parseAuthenticatorData(authData);
    const attested = parsed.attestedCredentialData;
    if (!attested) throw new WebAuthnError('UnknownError', 'authenticator returned no attested credential data');
    const attestationObject = encodeCbor(new Map<string, CborValue>([['fmt', fmt], ['attStmt', attStmt], ['authData', authData]]));
    const cose = decodeCbor(attested.credentialPublicKey) as CborMap;
    const publicKeyAlgorithm = cose.get(3) as number;
    const id = b64u(attested.credentialId);
    const transports = via === 'hybrid' && preset.hybrid ? preset.hybrid.transports : preset.transports;
    return {
      id,
      rawId: id,
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        transports: [...transports].sort(),
        publicKey: b64u(coseKeyToSpki(attested.credentialPublicKey)),
        publicKeyAlgorithm,
        attestationObject: b64u(attestationObject),
      },
      authenticatorAttachment: attachment,
      clientExtensionResults: extensions.outputs(response, parsed.extensions, knownResidentKey(info, rk)),
      type: 'public-key',
    };
  } finally {
    channel.close();
    person.endClientCeremony();
  }
}
