/**
 * Display names and countries for the vendors vfido emulates, used to word test-CA subjects and
 * attestation certificate subjects (WebAuthn L3 8.2.1: C, O, OU, CN). Every organization name
 * is prefixed "vfido test:" so no certificate claims to be issued by or for the real vendor.
 * @module
 */

/** How a vendor is named in vfido test certificates. */
export interface VendorIdentity {
  /** Vendor key as in presets (`yubico`). */
  key: string;
  /** Human name (`Yubico`). */
  display: string;
  /** ISO 3166 alpha-2 country of the real vendor (`SE`); `XX` when unknown. */
  country: string;
  /** Legal name of the real vendor (`Yubico AB`), used only after a "vfido test:" prefix. */
  legalName: string;
}

const KNOWN: Record<string, Omit<VendorIdentity, 'key'>> = {
  yubico: { display: 'Yubico', country: 'SE', legalName: 'Yubico AB' },
  feitian: { display: 'Feitian', country: 'CN', legalName: 'Feitian Technologies Co., Ltd.' },
  solokeys: { display: 'SoloKeys', country: 'US', legalName: 'SoloKeys, Inc.' },
  google: { display: 'Google', country: 'US', legalName: 'Google LLC' },
  microsoft: { display: 'Microsoft', country: 'US', legalName: 'Microsoft Corporation' },
  apple: { display: 'Apple', country: 'US', legalName: 'Apple Inc.' },
  samsung: { display: 'Samsung', country: 'KR', legalName: 'Samsung Electronics Co., Ltd.' },
  android: { display: 'Android', country: 'US', legalName: 'Google LLC' },
};

/**
 * Identity of `vendor`; unknown vendors are named after their key with country `XX`.
 * @param vendor - vendor key from a preset, e.g. `yubico`
 */
export function vendorIdentity(vendor: string): VendorIdentity {
  const known = KNOWN[vendor.toLowerCase()];
  if (known) return { key: vendor, ...known };
  return { key: vendor, display: vendor, country: 'XX', legalName: vendor };
}

/**
 * Escape a value for an X.500 name string as @peculiar/x509 parses it (RFC 4514 2.4 specials).
 * @param value - attribute value, e.g. a model name containing commas
 */
export function escapeDnValue(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}
