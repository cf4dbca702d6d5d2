/**
 * The AIK (attestation identity key) certificate of a `tpm` attestation statement, per the
 * "TPM Attestation Statement Certificate Requirements" of WebAuthn L3 8.3.1: version 3, empty
 * subject, a critical subjectAltName whose directoryName carries tcg-at-tpmManufacturer / Model /
 * Version (TCG EK Credential Profile 2.0, 3.2.9), EKU tcg-kp-AIKCertificate, basicConstraints
 * CA:false, plus the id-fido-gen-ce-aaguid extension.
 *
 * Mirrors the profile of real Windows Hello AIK certificates (fixtures/tpm-windows-hello.json):
 * critical keyUsage digitalSignature, critical certificatePolicies 1.3.6.1.4.1.311.21.31 with the
 * user notice "TCPA  Trusted  Platform  Identity", one RDN per TCG attribute (the spec-compliant
 * form) with UTF8String values. Issued by vfido's TEST vendor CA, never a real one.
 * @module
 */
import 'reflect-metadata';
import type { KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue,
  AttributeValue,
  CertificatePolicies,
  DisplayText,
  GeneralName,
  Name,
  PolicyInformation,
  PolicyQualifierInfo,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  UserNotice,
  id_ce_certificatePolicies,
  id_ce_subjectAltName,
  id_qt_unotice,
} from '@peculiar/asn1-x509';
import { aaguidExtension, issueLeaf, type CertificateExtension, type VendorCa } from '../../ca/testCa.js';
import { MS_AIK_POLICY_OID, TcgOid } from './tpmConstants.js';

/** What the AIK certificate's subjectAltName says about the TPM (TCG EK Credential Profile 3.2.9). */
export interface TpmDeviceIdentity {
  /** tcg-at-tpmManufacturer: `id:` + the 4-byte TCG vendor id in hex. */
  manufacturer: string;
  /** tcg-at-tpmModel: free-form part number. */
  model: string;
  /** tcg-at-tpmVersion: `id:` + firmware version in hex. */
  version: string;
}

/**
 * vfido's virtual TPM identity. `id:FFFFF1D0` is the TCG vendor id the FIDO Alliance conformance
 * tools use for their fake TPMs; RP libraries that check the manufacturer against the TCG vendor
 * registry (SimpleWebAuthn, py_webauthn, go-webauthn, fido2-net-lib) accept it, and it names no
 * real chip vendor. Model and version say vfido TEST.
 */
export const VFIDO_TPM_IDENTITY: TpmDeviceIdentity = {
  manufacturer: 'id:FFFFF1D0',
  model: 'vfido TEST vTPM',
  version: 'id:00010001',
};

/** The user notice text of real Windows Hello AIK certificates (two spaces between words). */
const AIK_POLICY_NOTICE = 'TCPA  Trusted  Platform  Identity';

const der = (value: unknown): Uint8Array => new Uint8Array(AsnConvert.serialize(value));

/**
 * Critical subjectAltName with a directoryName of three single-attribute RDNs (manufacturer,
 * model, version), values as UTF8String, as in the spec-compliant real sample.
 * @param identity - TPM manufacturer/model/version
 */
export function tpmSubjectAltName(identity: TpmDeviceIdentity = VFIDO_TPM_IDENTITY): x509.Extension {
  const rdn = (type: string, value: string): RelativeDistinguishedName =>
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })]);
  const directoryName = new Name([
    rdn(TcgOid.tpmManufacturer, identity.manufacturer),
    rdn(TcgOid.tpmModel, identity.model),
    rdn(TcgOid.tpmVersion, identity.version),
  ]);
  const san = new SubjectAlternativeName([new GeneralName({ directoryName })]);
  return new x509.Extension(id_ce_subjectAltName, true, der(san));
}

/** Critical certificatePolicies as real Windows Hello AIK certificates carry it. */
export function aikCertificatePolicies(): x509.Extension {
  const notice = new UserNotice({ explicitText: new DisplayText({ bmpString: AIK_POLICY_NOTICE }) });
  const policies = new CertificatePolicies([
    new PolicyInformation({
      policyIdentifier: MS_AIK_POLICY_OID,
      policyQualifiers: [new PolicyQualifierInfo({ policyQualifierId: id_qt_unotice, qualifier: der(notice).slice().buffer })],
    }),
  ]);
  return new x509.Extension(id_ce_certificatePolicies, true, der(policies));
}

/**
 * Issue the AIK certificate for `aikPublicKey` from `ca.intermediate`.
 * @param ca - the preset vendor's test CA
 * @param aikPublicKey - the AIK's RSA public key
 * @param aaguid - 16 AAGUID bytes for the id-fido-gen-ce-aaguid extension (must equal authData's)
 * @param seed - reproducibility seed (serial derivation); undefined: the default CA seed
 * @param identity - TPM identity for the SAN; defaults to {@link VFIDO_TPM_IDENTITY}
 * @returns DER of the AIK certificate
 * @throws TestCaError `ERR_CA_INPUT` when `aaguid` is not 16 bytes
 */
export async function issueAikCertificate(
  ca: VendorCa,
  aikPublicKey: KeyObject,
  aaguid: Uint8Array,
  seed: string | undefined,
  identity: TpmDeviceIdentity = VFIDO_TPM_IDENTITY,
): Promise<Uint8Array> {
  const spki = new Uint8Array(aikPublicKey.export({ format: 'der', type: 'spki' }));
  const extensions: CertificateExtension[] = [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    aikCertificatePolicies(),
    new x509.ExtendedKeyUsageExtension([TcgOid.aikCertificate], false),
    tpmSubjectAltName(identity),
    aaguidExtension(aaguid),
    await x509.SubjectKeyIdentifierExtension.create(spki),
  ];
  return issueLeaf(ca, { subject: '', publicKey: aikPublicKey, extensions }, seed);
}
