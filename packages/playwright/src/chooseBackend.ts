/**
 * Which backend serves an attachment: `shim` reproduces the preset exactly in any browser; `cdp` uses
 * Chromium's own authenticator, which always reports AAGUID 01020304-0506-0708-0102-030405060708 and
 * its own attestation, so `auto` takes it only when neither matters.
 * @module
 */
import type { Preset } from '@vfido/core';
import { BridgeError } from '@vfido/bridge';
import type { BackendName } from './types.js';

const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';

/**
 * Pick the backend.
 * @param requested - `shim`, `cdp` or `auto`
 * @param preset - the emulated model
 * @param browserName - Playwright's `browserType().name()` (`chromium`, `firefox`, `webkit`); undefined when unknown (then `auto` picks `shim`)
 * @param requireAaguid - whether the preset's AAGUID must reach the RP
 * @throws BridgeError `ERR_BACKEND_UNSUPPORTED` for `cdp` outside Chromium
 */
export function chooseBackend(requested: BackendName | 'auto', preset: Preset, browserName: string | undefined, requireAaguid = true): BackendName {
  const chromium = browserName === 'chromium';
  if (requested === 'cdp') {
    // Unknown (persistent contexts have no Browser object): let Chromium's CDP session decide.
    if (browserName !== undefined && !chromium) throw new BridgeError('ERR_BACKEND_UNSUPPORTED', `backend 'cdp' needs Chromium (this is ${browserName}); use 'shim' or 'auto'`);
    return 'cdp';
  }
  if (requested === 'shim') return 'shim';
  if (requested !== 'auto') throw new BridgeError('ERR_BACKEND_UNSUPPORTED', `unknown backend ${JSON.stringify(requested)}; use 'auto', 'shim' or 'cdp'`);
  if (!chromium) return 'shim';
  const attests = preset.attestation.format !== 'none';
  const aaguidMatters = requireAaguid && preset.aaguid !== ZERO_AAGUID;
  return attests || aaguidMatters ? 'shim' : 'cdp';
}
