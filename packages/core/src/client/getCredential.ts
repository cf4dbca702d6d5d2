/**
 * navigator.credentials.get() for public-key credentials, as a browser runs it
 * (WebAuthn L3 5.1.4 "Use an Existing Credential"), returning AuthenticationResponseJSON.
 * @module
 */
import type { CborMap, CborValue } from '../cbor/types.js';
import { parseAuthenticatorData } from '../authData/index.js';
import { CtapCommand } from '../ctap2/command.js';
import { CtapStatus } from '../ctap2/status.js';
import type { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { probeAuthenticatorInfo } from './authenticatorInfo.js';
import { authenticateWithU2f } from './u2fCeremony.js';
import { b64u, b64uField, CtapChannel, effectiveTimeout } from './ceremony.js';
import { Permission } from '../ctap2/pinUv/pinUvAuthToken.js';
import { serializeClientData } from './clientData.js';
import { AuthenticationExtensions } from './extensions/authentication.js';
import { callerOrigin, checkRpId } from './origin.js';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from './types.js';
import { needsUserVerification, verifyUser, type UvGrant, type UvRequest } from './userVerification.js';
import { WebAuthnError } from './webAuthnError.js';
import type { CeremonyOptions, ClientConfig } from './webAuthnClient.js';

const descriptor = (id: Uint8Array) => new Map<string, CborValue>([['id', id], ['type', 'public-key']]);

/**
 * Which allowed credential the authenticator will use, asked silently (getAssertion with up=false,
 * as platforms pre-select credentials, CTAP 2.1 6.2.2): needed when PRF inputs differ per
 * credential. Undefined when none matches or the authenticator refuses to answer silently.
 */
async function preselect(channel: CtapChannel, rpId: string, allowIds: Uint8Array[], grant: UvGrant): Promise<Uint8Array | undefined> {
  const probeHash = new Uint8Array(32);
  const params: CborMap = new Map<number, CborValue>([
    [0x01, rpId],
    [0x02, probeHash],
    [0x03, allowIds.map(descriptor)],
    [0x05, new Map([['up', false]])],
  ]);
  if (grant.method === 'token') {
    params.set(0x06, grant.token.protocol.authenticate(grant.token.token, probeHash));
    params.set(0x07, grant.token.protocol.version);
  }
  const answer = await channel.exchange(CtapCommand.GetAssertion, params);
  if (answer.status !== 0) return undefined;
  const credential = answer.body.get(0x01);
  const id = credential instanceof Map ? credential.get('id') : undefined;
  return id instanceof Uint8Array ? id : undefined;
}

/** Run an authentication ceremony on `authenticator`. */
export async function getCredential(
  authenticator: VirtualAuthenticator,
  config: ClientConfig,
  options: PublicKeyCredentialRequestOptionsJSON,
  ceremony: CeremonyOptions = {},
): Promise<AuthenticationResponseJSON> {
  if (typeof options !== 'object' || options === null) throw new WebAuthnError('TypeError', 'options is required and must be an object');
  if (typeof options.challenge !== 'string') throw new WebAuthnError('TypeError', 'options.challenge is required and must be a string');
  b64uField(options.challenge, 'options.challenge');
  if (options.rpId !== undefined && typeof options.rpId !== 'string') throw new WebAuthnError('TypeError', 'options.rpId must be a string');
  const caller = callerOrigin(config.origin);
  const rpId = checkRpId(options.rpId, caller);
  const preset = authenticator.preset;
  const via = ceremony.via ?? config.via ?? 'direct';
  const allow = (options.allowCredentials ?? []).filter((d) => d && d.type === 'public-key');
  const allowIds = allow.map((d, i) => b64uField(d.id, `options.allowCredentials[${i}].id`));
  // Step 14: client extension inputs are checked before any authenticator is contacted.
  const extensions = new AuthenticationExtensions(options.extensions, allowIds);

  const { json: clientDataJSON, hash } = serializeClientData({ type: 'webauthn.get', challenge: options.challenge, origin: caller.origin, ...(config.topOrigin && { topOrigin: config.topOrigin }) });
  const channel = new CtapChannel(authenticator, 'get', { timeoutMs: effectiveTimeout(options.timeout), signal: ceremony.signal, call: { via } });
  const { user: person } = authenticator;
  person.beginClientCeremony();
  try {
    const info = await probeAuthenticatorInfo(channel);
    // getInfo failed: a U2F-only key, used over CTAP1 as browsers do (CTAP 2.1 section 10.3).
    if (!info) return await authenticateWithU2f(channel, { preset, rpId, clientDataJSON, clientDataHash: hash, allowIds, userVerification: options.userVerification, clientExtensionResults: extensions.outputsWithoutSupport() });
    const plan = extensions.plan(info);
    const uvRequest: UvRequest = {
      requirement: options.userVerification,
      extensionWantsUv: plan.wantsUv,
      preferredByDefault: preset.userVerification.default,
      rk: false,
      permissions: Permission.ga | plan.permissions,
      rpId,
    };
    const attempt = async (request: UvRequest) => {
      // Step 18: user verification, then authenticatorGetAssertion.
      const grant: UvGrant = needsUserVerification(info, 'get', request) ? await verifyUser(channel, info, person, request) : { method: 'none' };
      let allowList = allowIds;
      let selected = allowIds.length === 1 ? allowIds[0] : undefined;
      if (extensions.needsSelection(info, allowIds.length)) {
        selected = await preselect(channel, rpId, allowIds, grant);
        if (selected) allowList = [selected];
      }
      const params: CborMap = new Map<number, CborValue>([
        [0x01, rpId],
        [0x02, hash],
      ]);
      if (allowList.length) params.set(0x03, allowList.map(descriptor));
      const extensionInputs = await extensions.inputs(channel, info, grant, selected);
      if (extensionInputs) params.set(0x04, extensionInputs);
      if (grant.method === 'builtIn') params.set(0x05, new Map([['uv', true]]));
      if (grant.method === 'token') {
        // CTAP 2.1 6.2 pinUvAuthParam: authenticate(pinUvAuthToken, clientDataHash).
        params.set(0x06, grant.token.protocol.authenticate(grant.token.token, hash));
        params.set(0x07, grant.token.protocol.version);
      }
      return { answer: await channel.exchange(CtapCommand.GetAssertion, params), grant, allowList };
    };
    let result = await attempt(uvRequest);
    // The authenticator insists on user verification (alwaysUv, CTAP 2.1 6.2.2): ask for it and try again.
    if (result.answer.status === CtapStatus.CTAP2_ERR_PUAT_REQUIRED && result.grant.method === 'none') result = await attempt({ ...uvRequest, requirement: 'required' });
    if (result.answer.status !== 0) throw channel.failure(result.answer);
    const response = result.answer.body;
    // CTAP 2.1 6.2: credential may be omitted when allowList had exactly one entry.
    const credential = response.get(0x01) as CborMap | undefined;
    const credentialId = (credential?.get('id') as Uint8Array | undefined) ?? (result.allowList.length === 1 ? result.allowList[0] : undefined);
    if (!credentialId) throw new WebAuthnError('UnknownError', 'authenticator response names no credential');
    const user = response.get(0x04) as CborMap | undefined;
    const userHandle = user?.get('id') as Uint8Array | undefined;
    const authData = response.get(0x02) as Uint8Array;
    const id = b64u(credentialId);
    const clientExtensionResults =
      options.extensions && Object.keys(options.extensions).length > 0
        ? await extensions.outputs(channel, info, result.grant, response, parseAuthenticatorData(authData).extensions)
        : {};
    return {
      id,
      rawId: id,
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(response.get(0x03) as Uint8Array),
        ...(userHandle && { userHandle: b64u(userHandle) }),
      },
      authenticatorAttachment: via === 'hybrid' ? 'cross-platform' : preset.attachment,
      clientExtensionResults,
      type: 'public-key',
    };
  } finally {
    channel.close();
    person.endClientCeremony();
  }
}
