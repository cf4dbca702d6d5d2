// Type-checked in the consumer projects with strict options, skipLibCheck false and lib ["es2022"] only: the
// public types of @vfido/core and @vfido/rp must need nothing from the DOM library.
import { VirtualAuthenticator, WebAuthnClient, getPreset, type RegistrationResponseJSON } from '@vfido/core';
import { decodeCbor, encodeCbor, type CborValue } from '@vfido/core/cbor';
import { TrustStore, VerificationError, verifyAuthentication, verifyRegistration, type RegistrationVerification } from '@vfido/rp';

/** Register with a vfido YubiKey and verify the result with @vfido/rp. */
export async function registerAndVerify(challenge: string): Promise<RegistrationVerification> {
  const authenticator = new VirtualAuthenticator({ preset: getPreset('yubikey-5-nfc').id });
  const client = new WebAuthnClient({ authenticator, origin: 'https://login.example.com' });
  const response: RegistrationResponseJSON = await client.create({
    challenge,
    rp: { id: 'example.com', name: 'Example' },
    user: { id: 'AQID', name: 'ada', displayName: 'Ada' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  });
  const trustStore = new TrustStore().addRoots(await authenticator.attestationRoots());
  try {
    const registration = await verifyRegistration({ response, expectedChallenge: challenge, expectedOrigin: 'https://login.example.com', expectedRpId: 'example.com', trustStore });
    const assertion = await client.get({ challenge, rpId: 'example.com' });
    await verifyAuthentication({ response: assertion, expectedChallenge: challenge, expectedOrigin: 'https://login.example.com', expectedRpId: 'example.com', credential: registration.credential });
    return registration;
  } catch (error) {
    if (error instanceof VerificationError) throw new Error(`${error.code}: ${error.message}`);
    throw error;
  }
}

/** A CBOR round trip through @vfido/core/cbor. */
export function roundTrip(value: CborValue): CborValue {
  return decodeCbor(encodeCbor(value));
}
