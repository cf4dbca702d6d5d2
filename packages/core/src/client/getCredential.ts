/**
 * navigator.credentials.get() for public-key credentials, as a browser runs it
 * (WebAuthn L3 5.1.4 "Use an Existing Credential"), returning AuthenticationResponseJSON.
 * @module
 */
import type { CborMap, CborValue } from '../cbor/types.js';
import { CtapCommand } from '../ctap2/command.js';
import type { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { b64u, b64uField, callAuthenticator, effectiveTimeout, wantUserVerification } from './ceremony.js';
import { serializeClientData } from './clientData.js';
import { callerOrigin, checkRpId } from './origin.js';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from './types.js';
import { WebAuthnError } from './webAuthnError.js';
import type { CeremonyOptions, ClientConfig } from './webAuthnClient.js';

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
  const uv = wantUserVerification(options.userVerification, preset.userVerification.capable, preset.userVerification.default, 'get');
  const allow = (options.allowCredentials ?? []).filter((d) => d && d.type === 'public-key');
  const allowIds = allow.map((d, i) => b64uField(d.id, `options.allowCredentials[${i}].id`));

  const { json: clientDataJSON, hash } = serializeClientData({ type: 'webauthn.get', challenge: options.challenge, origin: caller.origin, ...(config.topOrigin && { topOrigin: config.topOrigin }) });
  const request: CborMap = new Map<number, CborValue>([
    [0x01, rpId],
    [0x02, hash],
  ]);
  if (allowIds.length) request.set(0x03, allowIds.map((id) => new Map<string, CborValue>([['id', id], ['type', 'public-key']])));
  if (uv) request.set(0x05, new Map([['uv', true]]));

  const response = await callAuthenticator(authenticator, CtapCommand.GetAssertion, request, 'get', {
    timeoutMs: effectiveTimeout(options.timeout),
    signal: ceremony.signal,
    call: { via },
  });
  // CTAP 2.1 6.2: credential may be omitted when allowList had exactly one entry.
  const credential = response.get(0x01) as CborMap | undefined;
  const credentialId = (credential?.get('id') as Uint8Array | undefined) ?? (allowIds.length === 1 ? allowIds[0] : undefined);
  if (!credentialId) throw new WebAuthnError('UnknownError', 'authenticator response names no credential');
  const user = response.get(0x04) as CborMap | undefined;
  const userHandle = user?.get('id') as Uint8Array | undefined;
  const id = b64u(credentialId);
  return {
    id,
    rawId: id,
    response: {
      clientDataJSON: b64u(clientDataJSON),
      authenticatorData: b64u(response.get(0x02) as Uint8Array),
      signature: b64u(response.get(0x03) as Uint8Array),
      ...(userHandle && { userHandle: b64u(userHandle) }),
    },
    authenticatorAttachment: via === 'hybrid' ? 'cross-platform' : preset.attachment,
    clientExtensionResults: {},
    type: 'public-key',
  };
}
