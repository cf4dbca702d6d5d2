// How the WPT runner maps testdriver's WebAuthn calls (WebDriver "Virtual Authenticators", WebAuthn L3
// section 11) onto each backend: Chromium's own DevTools WebAuthn domain, or a vfido preset.
// Pure functions only (no browser, no WPT checkout): test/wpt/mapping.test.ts covers them.

/** testdriver actions the runner implements, and how each backend serves them. */
export const TESTDRIVER_ACTIONS = {
  add_virtual_authenticator: {
    chromium: 'WebAuthn.enable + WebAuthn.addVirtualAuthenticator(cdpOptionsFor(config))',
    vfido: 'attachAuthenticator(page, { backend, preset: presetFor(config) }) + setUserVerified(isUserVerified)',
  },
  remove_virtual_authenticator: { chromium: 'WebAuthn.removeVirtualAuthenticator', vfido: 'handle.detach()' },
  add_credential: { chromium: 'WebAuthn.addCredential(webdriverToCdpCredential(c))', vfido: 'handle.addCredential(webdriverToCdpCredential(c))' },
  get_credentials: { chromium: 'WebAuthn.getCredentials -> cdpToWebdriverCredential', vfido: "handle.exportCredentials('cdp') -> cdpToWebdriverCredential" },
  remove_credential: { chromium: 'WebAuthn.removeCredential', vfido: 'handle.removeCredential(id)' },
  remove_all_credentials: { chromium: 'WebAuthn.clearCredentials', vfido: 'handle.removeCredential for each stored credential' },
  set_user_verified: { chromium: 'WebAuthn.setUserVerified', vfido: 'handle.setUserVerified(isUserVerified)' },
  click: { chromium: 'page.mouse.click(x, y) (a real click: user activation for test_driver.bless)', vfido: 'same' },
};

/** WebDriver extension names (WebAuthn L3 11.3) -> CDP VirtualAuthenticatorOptions members. */
const CDP_EXTENSION_FLAGS = { largeBlob: 'hasLargeBlob', credBlob: 'hasCredBlob', minPinLength: 'hasMinPinLength', prf: 'hasPrf' };

/** WebDriver extension names -> the CTAP getInfo extension a vfido preset lists for them. */
const CTAP_EXTENSIONS = { largeBlob: 'largeBlobKey', credBlob: 'credBlob', minPinLength: 'minPinLength', prf: 'hmac-secret' };

const transportOf = (t) => (t === 'hybrid' ? 'cable' : t ?? 'usb');

/**
 * A testdriver authenticator configuration as CDP `WebAuthn.VirtualAuthenticatorOptions`, the mapping
 * chromedriver applies to WebDriver's "Add Virtual Authenticator".
 * @param {Record<string, unknown>} config - what the test passed to `test_driver.add_virtual_authenticator`
 */
export function cdpOptionsFor(config) {
  const protocol = config.protocol === 'ctap1/u2f' ? 'u2f' : 'ctap2';
  const options = {
    protocol,
    transport: transportOf(config.transport),
    hasResidentKey: config.hasResidentKey === true,
    hasUserVerification: config.hasUserVerification === true,
    isUserVerified: config.isUserVerified === true,
    automaticPresenceSimulation: config.isUserConsenting !== false,
  };
  if (protocol === 'ctap2') options.ctap2Version = config.protocol === 'ctap2_1' ? 'ctap2_1' : 'ctap2_0';
  for (const ext of Array.isArray(config.extensions) ? config.extensions : []) {
    const flag = CDP_EXTENSION_FLAGS[ext];
    if (flag) options[flag] = true;
  }
  if (typeof config.defaultBackupEligibility === 'boolean') options.defaultBackupEligibility = config.defaultBackupEligibility;
  if (typeof config.defaultBackupState === 'boolean') options.defaultBackupState = config.defaultBackupState;
  return options;
}

/**
 * The vfido preset closest to a testdriver authenticator configuration: vfido's `generic` preset with the
 * configuration's protocol (CTAP versions), transport, resident keys, user verification and extensions.
 * @param {Record<string, unknown>} config - what the test passed to `test_driver.add_virtual_authenticator`
 * @param {import('@vfido/core').Preset} generic - `getPreset('generic')`
 * @returns {import('@vfido/core').Preset}
 */
export function presetFor(config, generic) {
  const versions = config.protocol === 'ctap1/u2f' ? ['U2F_V2'] : config.protocol === 'ctap2_1' ? ['FIDO_2_0', 'FIDO_2_1'] : ['FIDO_2_0'];
  const rk = config.hasResidentKey === true;
  const uv = config.hasUserVerification === true;
  const transport = config.transport === 'hybrid' ? 'hybrid' : typeof config.transport === 'string' ? config.transport : 'usb';
  const platform = transport === 'internal';
  const extensions = (Array.isArray(config.extensions) ? config.extensions : []).map((e) => CTAP_EXTENSIONS[e]).filter(Boolean);
  // CTAP 2.1 6.4: a FIDO_2_1 authenticator with built-in UV supports pinUvAuthToken (getPinUvAuthTokenUsingUvWithPermissions).
  const options = { ...generic.getInfo.options, plat: platform, rk, uv, clientPin: false, pinUvAuthToken: uv && versions.includes('FIDO_2_1') };
  // largeBlob needs the authenticatorLargeBlobs command too (CTAP 2.1 6.10, getInfo option largeBlobs), as
  // Chromium's virtual authenticator with hasLargeBlob has; 1024 bytes is CTAP's minimum array size.
  const largeBlob = extensions.includes('largeBlobKey');
  if (largeBlob) options.largeBlobs = true;
  // minPinLength is reported to the RP IDs named by authenticatorConfig setMinPINLength (CTAP 2.1 6.11.4, 12.4).
  const minPinLength = extensions.includes('minPinLength');
  if (minPinLength) options.setMinPINLength = true;
  const backupEligible = config.defaultBackupEligibility === true;
  return {
    ...generic,
    id: `wpt-${config.protocol ?? 'ctap2'}-${transport}${rk ? '-rk' : ''}${uv ? '-uv' : ''}${extensions.length ? `-${extensions.join('+')}` : ''}`,
    attachment: platform ? 'platform' : 'cross-platform',
    transports: [transport],
    residentKeys: rk,
    userVerification: { ...generic.userVerification, capable: uv, default: uv },
    backup: { eligible: backupEligible, state: backupEligible && config.defaultBackupState === true },
    getInfo: { ...generic.getInfo, versions, extensions, options, transports: [transport], ...(largeBlob && { maxSerializedLargeBlobArray: 1024 }), ...(minPinLength && { maxRPIDsForSetMinPINLength: 1 }) },
  };
}

const b64 = (b64url) => Buffer.from(String(b64url), 'base64url').toString('base64');
const b64url = (base64) => Buffer.from(String(base64), 'base64').toString('base64url');

/**
 * A WebDriver credential (WebAuthn L3 11.7: base64url members) as a CDP `WebAuthn.Credential` (base64).
 * @param {Record<string, unknown>} c - what the test passed to `test_driver.add_credential`
 */
export function webdriverToCdpCredential(c) {
  const out = {
    credentialId: b64(c.credentialId),
    isResidentCredential: c.isResidentCredential === true,
    privateKey: b64(c.privateKey),
    signCount: typeof c.signCount === 'number' ? c.signCount : 0,
  };
  if (typeof c.rpId === 'string') out.rpId = c.rpId;
  if (typeof c.userHandle === 'string') out.userHandle = b64(c.userHandle);
  if (typeof c.largeBlob === 'string') out.largeBlob = b64(c.largeBlob);
  return out;
}

/**
 * A CDP `WebAuthn.Credential` (base64 members) as a WebDriver credential (base64url), what
 * `test_driver.get_credentials` resolves with.
 * @param {Record<string, unknown>} c - a CDP credential
 */
export function cdpToWebdriverCredential(c) {
  const out = {
    credentialId: b64url(c.credentialId),
    isResidentCredential: c.isResidentCredential === true,
    rpId: c.rpId,
    privateKey: b64url(c.privateKey),
    signCount: c.signCount ?? 0,
  };
  if (typeof c.userHandle === 'string') out.userHandle = b64url(c.userHandle);
  if (typeof c.largeBlob === 'string') out.largeBlob = b64url(c.largeBlob);
  return out;
}
