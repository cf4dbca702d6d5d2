/**
 * Page fragment: the WebAuthn dictionaries as Chromium 156 declares them (WebAuthn L3 5.4, 5.5, 5.8, 10.1
 * and Chromium's extension members), in one definition used two ways: with BufferSource members for
 * create()/get(), and with Base64URLString members for parseCreationOptionsFromJSON /
 * parseRequestOptionsFromJSON (WebAuthn L3 5.1.8, 5.1.9), which return the first form. Chromium has no
 * `attestationFormats` and no default for `authenticatorSelection.userVerification`; both follow it.
 * @module
 */

/** JavaScript source of the fragment (needs WEBIDL). */
export const WEBAUTHN_IDL = String.raw`
  const REQUIRED = { __proto__: null, required: true };
  const byDefault = (make) => ({ __proto__: null, default: make });
  const webauthnDictionaries = (bytes) => {
    const S = idl.DOMString, U = idl.USVString, B = idl.boolean;
    const prfValues = idl.dictionary('AuthenticationExtensionsPRFValues', [['first', bytes, REQUIRED], ['second', bytes]]);
    const extensions = idl.dictionary('AuthenticationExtensionsClientInputs', [
      ['appid', U], ['appidExclude', U], ['credBlob', bytes], ['credProps', B, byDefault(() => false)], ['credentialProtectionPolicy', U],
      ['enforceCredentialProtectionPolicy', B, byDefault(() => false)], ['getCredBlob', B], ['hmacCreateSecret', B],
      ['largeBlob', idl.dictionary('AuthenticationExtensionsLargeBlobInputs', [['read', B], ['support', S], ['write', bytes]])],
      ['minPinLength', B],
      ['prf', idl.dictionary('AuthenticationExtensionsPRFInputs', [['eval', prfValues], ['evalByCredential', idl.record(U, prfValues)]])],
    ]);
    const descriptor = idl.dictionary('PublicKeyCredentialDescriptor', [['id', bytes, REQUIRED], ['transports', idl.sequence(S)], ['type', S, REQUIRED]]);
    const creation = idl.dictionary('PublicKeyCredentialCreationOptions', [
      ['attestation', S, byDefault(() => 'none')],
      ['authenticatorSelection', idl.dictionary('AuthenticatorSelectionCriteria', [['authenticatorAttachment', S], ['requireResidentKey', B, byDefault(() => false)], ['residentKey', S], ['userVerification', S]])],
      ['challenge', bytes, REQUIRED],
      ['excludeCredentials', idl.sequence(descriptor), byDefault(() => [])],
      ['extensions', extensions],
      ['hints', idl.sequence(S), byDefault(() => [])],
      ['pubKeyCredParams', idl.sequence(idl.dictionary('PublicKeyCredentialParameters', [['alg', idl.long, REQUIRED], ['type', S, REQUIRED]])), REQUIRED],
      ['rp', idl.dictionary('PublicKeyCredentialRpEntity', [['name', S, REQUIRED], ['id', S]]), REQUIRED],
      ['timeout', idl.unsignedLong],
      ['user', idl.dictionary('PublicKeyCredentialUserEntity', [['name', S, REQUIRED], ['displayName', S, REQUIRED], ['id', bytes, REQUIRED]]), REQUIRED],
    ]);
    const request = idl.dictionary('PublicKeyCredentialRequestOptions', [
      ['allowCredentials', idl.sequence(descriptor), byDefault(() => [])],
      ['challenge', bytes, REQUIRED],
      ['extensions', extensions],
      ['hints', idl.sequence(S), byDefault(() => [])],
      ['rpId', U],
      ['timeout', idl.unsignedLong],
      ['userVerification', S, byDefault(() => 'preferred')],
    ]);
    return { creation, request };
  };
  const IDL = webauthnDictionaries(idl.BufferSource);
  const IDL_JSON = webauthnDictionaries(idl.Base64URL);
  // Signal API dictionaries (WebAuthn L3 5.1.10-5.1.12).
  const SIGNAL = {
    unknown: idl.dictionary('UnknownCredentialOptions', [['credentialId', idl.DOMString, REQUIRED], ['rpId', idl.DOMString, REQUIRED]]),
    allAccepted: idl.dictionary('AllAcceptedCredentialsOptions', [['allAcceptedCredentialIds', idl.sequence(idl.DOMString), REQUIRED], ['rpId', idl.DOMString, REQUIRED], ['userId', idl.DOMString, REQUIRED]]),
    currentUser: idl.dictionary('CurrentUserDetailsOptions', [['displayName', idl.DOMString, REQUIRED], ['name', idl.DOMString, REQUIRED], ['rpId', idl.DOMString, REQUIRED], ['userId', idl.DOMString, REQUIRED]]),
  };
`;
