/**
 * Conformance of vfido's `tpm` structures with real Windows Hello output: the same test parsers
 * read two real samples and vfido's own statement, field by field (TPM 2.0 Part 2 12.2.4 TPMT_PUBLIC,
 * 10.12.12 TPMS_ATTEST; WebAuthn L3 8.3).
 */
import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { Decoder } from 'cbor-x';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectAlternativeName } from '@peculiar/asn1-x509';
import { createKeyPair } from '../../crypto/keyPair.js';
import type { Preset } from '../../presets/types.js';
import { buildCertInfo } from './certInfo.js';
import { buildPubArea } from './pubArea.js';
import { buildTpm } from './tpm.js';
import { tpmName } from './tpmName.js';
import { getPreset } from '../../presets/index.js';

// ---------------------------------------------------------------------------------------------
// Test-only parsers (a relying party would mirror these; they are deliberately not in core).
// ---------------------------------------------------------------------------------------------

class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  private take(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new Error(`truncated at ${this.at}, wanted ${n}`);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u8 = (): number => this.take(1)[0]!;
  u16 = (): number => Buffer.from(this.take(2)).readUInt16BE(0);
  u32 = (): number => Buffer.from(this.take(4)).readUInt32BE(0);
  u64 = (): bigint => Buffer.from(this.take(8)).readBigUInt64BE(0);
  tpm2b = (): Uint8Array => this.take(this.u16());
  end(): void {
    if (this.at !== this.bytes.length) throw new Error(`${this.bytes.length - this.at} trailing bytes`);
  }
}

interface ParsedPubArea {
  type: number;
  nameAlg: number;
  objectAttributes: number;
  authPolicy: Uint8Array;
  symmetric: number;
  scheme: number;
  schemeHash?: number;
  keyBits?: number;
  exponent?: number;
  curveId?: number;
  kdf?: number;
  unique: Uint8Array[];
}

function parsePubArea(bytes: Uint8Array): ParsedPubArea {
  const r = new Reader(bytes);
  const out: ParsedPubArea = {
    type: r.u16(),
    nameAlg: r.u16(),
    objectAttributes: r.u32(),
    authPolicy: r.tpm2b(),
    symmetric: r.u16(),
    scheme: 0,
    unique: [],
  };
  if (out.symmetric !== 0x0010) throw new Error('symmetric other than TPM_ALG_NULL not handled');
  out.scheme = r.u16();
  if (out.scheme !== 0x0010) out.schemeHash = r.u16();
  if (out.type === 0x0001) {
    out.keyBits = r.u16();
    out.exponent = r.u32();
    out.unique = [r.tpm2b()];
  } else if (out.type === 0x0023) {
    out.curveId = r.u16();
    out.kdf = r.u16();
    out.unique = [r.tpm2b(), r.tpm2b()];
  } else {
    throw new Error(`pubArea type 0x${out.type.toString(16)}`);
  }
  r.end();
  return out;
}

interface ParsedCertInfo {
  magic: number;
  type: number;
  qualifiedSigner: Uint8Array;
  extraData: Uint8Array;
  clock: bigint;
  resetCount: number;
  restartCount: number;
  safe: number;
  firmwareVersion: bigint;
  name: Uint8Array;
  qualifiedName: Uint8Array;
}

function parseCertInfo(bytes: Uint8Array): ParsedCertInfo {
  const r = new Reader(bytes);
  const out: ParsedCertInfo = {
    magic: r.u32(),
    type: r.u16(),
    qualifiedSigner: r.tpm2b(),
    extraData: r.tpm2b(),
    clock: r.u64(),
    resetCount: r.u32(),
    restartCount: r.u32(),
    safe: r.u8(),
    firmwareVersion: r.u64(),
    name: r.tpm2b(),
    qualifiedName: r.tpm2b(),
  };
  r.end();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Real samples. Data only, copied from public test fixtures (provenance on each entry); the
// certificates have expired, which does not matter for layout checks.
// ---------------------------------------------------------------------------------------------

interface Sample {
  note: string;
  clientDataJSON: string;
  attestationObject: string;
}

const SAMPLES: Sample[] = [
  {
    // github.com/MasterKale/SimpleWebAuthn (commit 803d1da) packages/server/src/registration/verifications/tpm/verifyAttestationTPM.test.ts :: should verify TPM response with spec-compliant tcgAtTpm SAN structure
    // Windows Hello TPM, spec-compliant tcgAtTpm SAN (netpassport.io)
    note: 'Windows Hello TPM, spec-compliant tcgAtTpm SAN (netpassport.io)',
    clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiVmZtWlhLRHhxZG9YRk1IWE8zU0UyUTJiOHU1S2k2NE9MX1hJQ0VMY0dLZyIsIm9yaWdpbiI6Imh0dHBzOi8vZGV2Lm5ldHBhc3Nwb3J0LmlvIiwiY3Jvc3NPcmlnaW4iOmZhbHNlfQ',
    attestationObject:
      'o2NmbXRjdHBtZ2F0dFN0bXSmY2FsZzn__mNzaWdZAQAVTQGgcWtxs9VV4i1gQTcdXfoyZwupUnZjebIIzuq77nBe_EyxS4Fh8Go2' +
      'vCdVnpHLXHsVct1ISZ8fmSB31YrnuaHpvxjTN-k0t3ynOwJY9SZd4uxX9KQUOMpjhWsQczpNL72J7wd4VckeU6oHvq-z9x6Oqfk1' +
      'KbmzRu-ZdrUikYkM1uCXqk9h0P1MpeaoxFoLiS-2Vz1MZENB2-N-tC_ljwoUsAOBiE3MRfp2e_LCe4oRWCvhJn7qiVglQOnQWTto' +
      'ky_FOKqJtPqt59v74C3rin8reNmNwXD1l0XljOYQaujLOMGut63CwtlpAgBN8IPHNWnukzv0X5VY0KjBT6DbY3ZlcmMyLjBjeDVj' +
      'glkFxDCCBcAwggOooAMCAQICEGoHJ5pU80VnnGzPa5PrxlkwDQYJKoZIhvcNAQELBQAwQTE_MD0GA1UEAxM2RVVTLVNUTS1LRVlJ' +
      'RC0xQURCOTk0QUI1OEJFNTdBMENDOUI5MDBFNzg1MUUxQTQzQzA4NjYwMB4XDTIwMDgyNzE1MTIzMFoXDTI1MDMyMTIwMjkxNVow' +
      'ADCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKkVhLA9cKyViKaVr6wwKqzty1AKR0VJGa3BB3QF7IfK81mfqv-x31Y0' +
      'V0zPioxYgPHHfF4j4XPm5mVlQI9PluM828elk86kwPV-OFlhIX7nM1Hy9NQtgnfyV-7Kxmb3pKe2TI937XrtuJj0pKUav3g0RtPU' +
      'ZDywpWBVDCI4AopqLVyys8bse_bZdDI-l8IDqpzptL1kfmH2WG6rtCIyVimGQS3UtgkNpl-8FeDXOc3ciAYdY9MUHfE6QmFpwXn_' +
      'qo_4x0VR1wiBKyK0ZACTAm96io_iskeyig3OGR_SEd2OeThYQtoJoAfZvBzSs3eTVTAsZ8unKnGjkss7eCF48Q8CAwEAAaOCAfMw' +
      'ggHvMA4GA1UdDwEB_wQEAwIHgDAMBgNVHRMBAf8EAjAAMG0GA1UdIAEB_wRjMGEwXwYJKwYBBAGCNxUfMFIwUAYIKwYBBQUHAgIw' +
      'RB5CAFQAQwBQAEEAIAAgAFQAcgB1AHMAdABlAGQAIAAgAFAAbABhAHQAZgBvAHIAbQAgACAASQBkAGUAbgB0AGkAdAB5MBAGA1Ud' +
      'JQQJMAcGBWeBBQgDMFkGA1UdEQEB_wRPME2kSzBJMRYwFAYFZ4EFAgEMC2lkOjUzNTQ0RDIwMRcwFQYFZ4EFAgIMDFNUMzNIVFB4' +
      'QUhBNjEWMBQGBWeBBQIDDAtpZDowMDQ3MDAwNDAfBgNVHSMEGDAWgBS4X9VnypLEDs8M2B9tPwNVbzimUTAdBgNVHQ4EFgQUSk_o' +
      'buVTgSLFuag0uCvjqcyeFPIwgbIGCCsGAQUFBwEBBIGlMIGiMIGfBggrBgEFBQcwAoaBkmh0dHA6Ly9hemNzcHJvZGV1c2Fpa3B1' +
      'Ymxpc2guYmxvYi5jb3JlLndpbmRvd3MubmV0L2V1cy1zdG0ta2V5aWQtMWFkYjk5NGFiNThiZTU3YTBjYzliOTAwZTc4NTFlMWE0' +
      'M2MwODY2MC9hYmQ2MTVmMi0xNThhLTQ1OGUtYTE1NS03YzRjOGNiMTNjNjUuY2VyMA0GCSqGSIb3DQEBCwUAA4ICAQDYZJbtNQIC' +
      'OEg3N3UULml0qfQyuitzuVZJ59nvhhwHH6SsWLXhoZVgKaV3zOd00nJPVnX8uilmX2o9qkNi1ODO7WQ-wN2_jVtNsVDu1mgox6T6' +
      'NeWzel-EbJdkg2kiwUaO639Yu_Xc8FUKNtUp-9fuF2p31uoYo-Nw-H58rbYOdsiOQ-SPYI4zbdjssntKyI6MAT_j1KAKv0Gbh5Sv' +
      'KM4aEmZA0v0dHXuxoH6kFVHLeNdwLe0cG__K9rCw5CKOD0zFMnKRx6LfNzaZ0OedM9skVjHPqR3qEfwGFXQzrfVGFzrri2vaE9bo' +
      '2Q-cREY6ITX6kUJpkSc6Iz96hxpSxyIxN1faSeblMETRJD4pV0PtJGZb4GOeng0lQ8l4IkBlBgx-I27Ks_tTsf2owNkVOWTViWZL' +
      'YLon0l_LhNKuuGJkjB0whvccBB4DiQPTckuCeFoB8IH5wAR__A_y33_zBR0fYWnVlEXWwtMO-vGRYQLPuK6j30MWBjPEvtujsS1g' +
      'wJUhXnd3GENHaXtrQHnyZgLzRCHSeJy6SjI64Jm86VMMalvLJEbGrvjfs-vKnBKAoK_9JcK-tmx4pIJIm1gtOx-J59bfpLjgueBq' +
      'pvVl3dz1r9dCXrRlsCCeqtXOFPK5lgJz3sxXyDxAT-Np52S1pfrui1i2VvnHB-YEM83nubdz01kG7zCCBuswggTToAMCAQICEzMA' +
      'AAI5-btqHUlkR38AAAAAAjkwDQYJKoZIhvcNAQELBQAwgYwxCzAJBgNVBAYTAlVTMRMwEQYDVQQIEwpXYXNoaW5ndG9uMRAwDgYD' +
      'VQQHEwdSZWRtb25kMR4wHAYDVQQKExVNaWNyb3NvZnQgQ29ycG9yYXRpb24xNjA0BgNVBAMTLU1pY3Jvc29mdCBUUE0gUm9vdCBD' +
      'ZXJ0aWZpY2F0ZSBBdXRob3JpdHkgMjAxNDAeFw0xOTAzMjEyMDI5MTVaFw0yNTAzMjEyMDI5MTVaMEExPzA9BgNVBAMTNkVVUy1T' +
      'VE0tS0VZSUQtMUFEQjk5NEFCNThCRTU3QTBDQzlCOTAwRTc4NTFFMUE0M0MwODY2MDCCAiIwDQYJKoZIhvcNAQEBBQADggIPADCC' +
      'AgoCggIBANviI_mGj6lxn4v5fOlFLVlWXpb03ZoSzZAaDLUDvwm-v_dVUug5TL4qKIh4OafL-UxV0jGWO0ii8_bTGoF_kGKr7FrH' +
      'oH-BMiebKXV9HpbF-g584GCWesqUuuayad3EfbvTxLRuAIYfnSXorscQhNzANCRu9_zdPTJ6Q5bWyHv0mz2nHrpN0Ds9hJrRJSJd' +
      'AESwWbdAxaNTU6-Pnv2PHgLTT_cJzsXGcVzp6Hq1a6S_C9m2-iSwzVIiHX7oFS8eXqLs06gCd7lVms_M1wggpdo5mjB2kDenYN8Y' +
      'EmUXqt1I1RIdTINdgQcdGIFAVWCPo2s0HtXmz1Jzd0pQTxsPOcMNFvm7THf2Tqyc_ui7UqUKDpvwDe_7b4k0fUfsFGr0CuFgRHN7' +
      'oKtbjEOmBUJhRqoc9ewshoUhmd9FjvTRHvvNm5Qy4KDMT62uRIuGJ5H-YJ_yYzBsXY28q9T1orJ06NSV8tYDi8mjUudjBWRQ5Qpq' +
      'oGxQzTeYqIcCOFtsAmk9H5V0TUZ2Kp1i1Mcb-TGmUe57yORuOs9PT0mK9U8lkyMC73mmJ75a53S316jBrlWIpMdNt2Lw-Vu_R1v-' +
      'zAuJGWVLb99PfU2WQg0qob0-cJK6yFnVHTqYU3WmMshyA0ZfXBOk28dVNSINxheFvUZL-h5Jwv4e-WKJVoTfoPv9k6QlAgMBAAGj' +
      'ggGOMIIBijAOBgNVHQ8BAf8EBAMCAoQwGwYDVR0lBBQwEgYJKwYBBAGCNxUkBgVngQUIAzAWBgNVHSAEDzANMAsGCSsGAQQBgjcV' +
      'HzASBgNVHRMBAf8ECDAGAQH_AgEAMB0GA1UdDgQWBBS4X9VnypLEDs8M2B9tPwNVbzimUTAfBgNVHSMEGDAWgBR6jArOL0hiF-KU' +
      '0a5VwVLscXSkVjBwBgNVHR8EaTBnMGWgY6Bhhl9odHRwOi8vd3d3Lm1pY3Jvc29mdC5jb20vcGtpb3BzL2NybC9NaWNyb3NvZnQl' +
      'MjBUUE0lMjBSb290JTIwQ2VydGlmaWNhdGUlMjBBdXRob3JpdHklMjAyMDE0LmNybDB9BggrBgEFBQcBAQRxMG8wbQYIKwYBBQUH' +
      'MAKGYWh0dHA6Ly93d3cubWljcm9zb2Z0LmNvbS9wa2lvcHMvY2VydHMvTWljcm9zb2Z0JTIwVFBNJTIwUm9vdCUyMENlcnRpZmlj' +
      'YXRlJTIwQXV0aG9yaXR5JTIwMjAxNC5jcnQwDQYJKoZIhvcNAQELBQADggIBAEGq_ihs92tT3nfAgFCU2dtGjmqTqRA3Jx_1cPGo' +
      'z6FFhirdj7i1webPivoyoUu3pL8KSMtCY3HBlrk6N4QOJDnrWM49t6lEklm5_9sYvmpe587vuEBTr8Gb-0KZfp0FK3EKenpE0THK' +
      '8F90hanivMgMrVfR6UiQiFeG18XJ5rJeXxPcEH_fY4rVnpDCdVMeaBcrAykVA8WMZj6uvUoyflmJC4TC2ZD6AiKQjZy2DE3hKHbX' +
      'gsM2wqMqUuX-PI_jS9pq28B6PFf6hY_7YsOhOM6E8roS9DAqSpSpNSx9EcdoH0eqV0MGcHmMtjtdV_PzwCzF3kGZ9t1ViuQTysns' +
      'aZMTSPBf2i79-6kbkt5JcTeMP8IICoMl8W4K41WFlpotosCh7v4jO2kiA_3Mit20U42EpqzgHgfl1_nLueOat4RwoZPWAh7-2yh8' +
      '99Rib4B1yNg1JgzLhO27ld9_1bsAlpcy57roKbUaUYG7BNEhdjRtHpOWH5ZTX1ye852CHDk2Wa7JPFNKZ2Vuv6asPtqyp2MHF-Fb' +
      '2moxn_u06qGXCG6yaPNydpnoAEaIJuE8Byt4Sdp5Or1vylygqO00zNsT4lGbPQOsx_Yy4RFd4cX9nnrNBrnm_OADMfRKqTt5AbBk' +
      'aJ9udqHM7BdBndRbTp3lRtRrYCojtXqJfCeWZZdW7JjjZ3B1YkFyZWFZATYAAQALAAYEcgAgnf_L82w4OuaZ-5ho3G3LidcVOIS-' +
      'KAOSLBJBWL-tIq4AEAAQCAAAAAAAAQC0ciFRFbWRy-FM8K7FKCWx1xQ9lkpjErkYnun5Fbu6h8OeXpPdngMam85Kf56JRuwKPtwz' +
      '-cToz-wjjQ7Bpg--EaBE4_WEoQc6lfEoShDSAa2gvf1rKhOoe4quaRu3lxpqGCp5qRSbKET3SWYSphrfo6AD_qQ2X8safYhnRb7W' +
      'atyTP42qKCwzWX0J4JovMG4d_zteT1q3wljbp2XGxcF9qPTHhqSjj2h20DeP4dDS-TZzLsytSYCswpBE-WvEElcIslIhmFdmnbRY' +
      '5UMECR9tkyp3NfwHBGqP_uZVwilxRC3rVTuGWSNm9pdqrgADnLftVeKSNGU22tnMxyNb-4MVaGNlcnRJbmZvWKH_VENHgBcAIgAL' +
      'I_9Gp39SuKvSJvllxwHyGHhtaaF8TtuCHdfJEBqgCJQAFHAs7LsTg6ywAmOxET_5IxypMjRjAAAAAAKIAWoDEFBLdFFCfQE1hhRh' +
      'Fj_igAAiAAsbzG7XFehetxw_1Xqqsm9xjRGD8dbXDYq2q0yK2hdJagAiAAvbuEFNLlj6-ytEKRA8KlzE-x4DlyoBuskc-iQXv4NZ' +
      '52hhdXRoRGF0YVkBZ9Ukck8V92UT5YFZtBoVSQZWyFTM-rDMTOAW1DLfg1hnRQAAAAAImHBYytxLgbbhMN5Q3L6WACAtXDNfHR9K' +
      '2S-yiz-N2X0NN3o7f7pt7xRri1x1dzld46QBAwM5AQAgWQEAtHIhURW1kcvhTPCuxSglsdcUPZZKYxK5GJ7p-RW7uofDnl6T3Z4D' +
      'GpvOSn-eiUbsCj7cM_nE6M_sI40OwaYPvhGgROP1hKEHOpXxKEoQ0gGtoL39ayoTqHuKrmkbt5caahgqeakUmyhE90lmEqYa36Og' +
      'A_6kNl_LGn2IZ0W-1mrckz-NqigsM1l9CeCaLzBuHf87Xk9at8JY26dlxsXBfaj0x4ako49odtA3j-HQ0vk2cy7MrUmArMKQRPlr' +
      'xBJXCLJSIZhXZp20WOVDBAkfbZMqdzX8BwRqj_7mVcIpcUQt61U7hlkjZvaXaq4AA5y37VXikjRlNtrZzMcjW_uDFSFDAQAB',
  },
  {
    // github.com/MasterKale/SimpleWebAuthn (commit 803d1da) packages/server/src/registration/verifications/tpm/verifyAttestationTPM.test.ts :: should verify TPM response with non-spec-compliant tcgAtTpm SAN structure
    // Windows Hello TPM, non-spec-compliant tcgAtTpm SAN
    note: 'Windows Hello TPM, non-spec-compliant tcgAtTpm SAN',
    clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiNFNUV2dtWHJnSnh6aWdxZTZuRnVJZyIsIm9yaWdpbiI6Imh0dHBzOi8vbG9jYWxob3N0OjQ0MzI5IiwiY3Jvc3NPcmlnaW4iOmZhbHNlfQ',
    attestationObject:
      'o2NmbXRjdHBtZ2F0dFN0bXSmY2FsZzn__mNzaWdZAQBMnSMdxY37f_0LOaAG8xlNt7_nPGgoF3G408AioITizIxAV7Aw83VZ9QVr' +
      '6jvDKxM6yYLqifi4LaDPoZPMy-AbSv_puqVYRY72vbFUgbxGhwI93kDCbNrzj69NWnbhBIEwuHjjmyAkDxV7KRqPLxW4k3aUQY_w' +
      'KJsrW_7DTEBKYZaN53MaReUtXL6oVonxHus_-yXR9FOPfXAMp6kEuQyjRVhWKhK6xouCvHOrFgzqfuKYZlXxLEZaT3-_SStsp4y1' +
      'FV6NGqP352_snv6GRNam0yiFQyKWVq0_zBSZsHDyD5m4iTEKVgf1roS06hpg9OHzvmTeLoZe2WRSUEjZRyUbY3ZlcmMyLjBjeDVj' +
      'glkFtTCCBbEwggOZoAMCAQICEEnuVsM4O0FbonTm_N1as6UwDQYJKoZIhvcNAQELBQAwQTE_MD0GA1UEAxM2RVVTLU5UQy1LRVlJ' +
      'RC0yM0Y0RTIyQUQzQkUzNzRBNDQ5NzcyOTU0QUEyODNBRUQ3NTI1NzJFMB4XDTE4MTIwNDE0NDMxMFoXDTI0MDgwMjE3NTE1NVow' +
      'ADCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKthunww9tiuyc49Pnx67T9sQDJL9_33-0Lm9xMsQHI6MF9S62wL-j5E' +
      'x0CQwPLH9IoNmfguA-2mUoxG1VaIkWs8RQ0hQSZu87x7bm_kiPk0mm_y4PG5wrc6RxiNdElh8cdUlIrq_Oqjhf6u1yj5rJ-Nm3hu' +
      'HnRNKE5fD_BnOylgD6YY2quGbv1Q5VbmjdVg29gIfZElD7RRUsVnNIgTFSnjTZbQeWBMUlH-uYLfZduKTPMseBR0boKqQAT5O-tB' +
      'rlXSWQ303RdBh-UUu-EllwWZ6mM-pBf_G7rsSWGDk2t8BHgIk-rh1t_bzwDiAAyStr8Ec2IziqP-cXZFsZ2dEa8CAwEAAaOCAeQw' +
      'ggHgMA4GA1UdDwEB_wQEAwIHgDAMBgNVHRMBAf8EAjAAMG0GA1UdIAEB_wRjMGEwXwYJKwYBBAGCNxUfMFIwUAYIKwYBBQUHAgIw' +
      'RB5CAFQAQwBQAEEAIAAgAFQAcgB1AHMAdABlAGQAIAAgAFAAbABhAHQAZgBvAHIAbQAgACAASQBkAGUAbgB0AGkAdAB5MBAGA1Ud' +
      'JQQJMAcGBWeBBQgDMEoGA1UdEQEB_wRAMD6kPDA6MTgwDgYFZ4EFAgMMBWlkOjcyMBAGBWeBBQICDAdOUENUNzV4MBQGBWeBBQIB' +
      'DAtpZDo0RTU0NDMwMDAfBgNVHSMEGDAWgBSXoaSHgAGBlZpmNVWMWorDDDTnbDAdBgNVHQ4EFgQUNpU3wQ-ymfXFsSeKJivavvm0' +
      'NoswgbIGCCsGAQUFBwEBBIGlMIGiMIGfBggrBgEFBQcwAoaBkmh0dHA6Ly9hemNzcHJvZGV1c2Fpa3B1Ymxpc2guYmxvYi5jb3Jl' +
      'LndpbmRvd3MubmV0L2V1cy1udGMta2V5aWQtMjNmNGUyMmFkM2JlMzc0YTQ0OTc3Mjk1NGFhMjgzYWVkNzUyNTcyZS9jN2M2MWY2' +
      'Yy0zZmY1LTRjNzgtODhhZi1jM2NjNWVlNTU0MjQuY2VyMA0GCSqGSIb3DQEBCwUAA4ICAQBIGXtiamv37X-HbgGFFLD5bLBR2rMe' +
      'EWwi1gKyJF-0k0H-q0Cb0TiBuy-ITn2xnT3XszN7KB-ur0UH9VLhOR9F2ZxNyTB6ppV7HMleWW99ntsLKtJh3bLsIXIUZa8tLzpX' +
      'qSKCgV4DfqS2OqcFDBTLG_uRmn8EmJevn13D8WEkOn0uJJGOwbpdF7gYrm_wvVJhYlAxd06s3OpFIDHlc-2JD5OezsPUQyMIV2A-' +
      'pLEObldwTy0ipSlXbCQuLm5QFKklfv9lX2m4ewcp_lQ-metaSlwFUE8YOSUMe-K4Nf3gErzKhuWbDge7hE7CeyhG54BCeRdJsu56' +
      'npQy_YhoRoh-iWeNkr8_RypFbKrZFLhOIt3rMQaFmKHyERl5zP8tRJM9bTB0upA3xj47cdQQ1ANDP0nrTJYhOFYo26O5Ds1GuqgM' +
      'ztoMAIVwA2flfKAcmjGy7aMEEjjbcAPxcYfEK9www4lJwynmOvARr7q02Ugt-GGZ6W9CzUcWuy6E5EPXzjoFDeGO947CMiwstIej' +
      'sNv-1-BZH20De46BmxGsX09Ul97Y7C-v-ur7iwMWTMreK4o_KPlxgOzZRE5XPm8LbCXDgc7itZwjMxlyxX21_dsAYOTkTIbXdaxx' +
      'UB1wxHxLPRJ1OKnTtJPOJPU3ZmDjNHWsZ6sVA_8XhSlV33a-RtZ6w1kG7zCCBuswggTToAMCAQICEzMAAAF66OtVQiSrVRYAAAAA' +
      'AXowDQYJKoZIhvcNAQELBQAwgYwxCzAJBgNVBAYTAlVTMRMwEQYDVQQIEwpXYXNoaW5ndG9uMRAwDgYDVQQHEwdSZWRtb25kMR4w' +
      'HAYDVQQKExVNaWNyb3NvZnQgQ29ycG9yYXRpb24xNjA0BgNVBAMTLU1pY3Jvc29mdCBUUE0gUm9vdCBDZXJ0aWZpY2F0ZSBBdXRo' +
      'b3JpdHkgMjAxNDAeFw0xODA4MDIxNzUxNTVaFw0yNDA4MDIxNzUxNTVaMEExPzA9BgNVBAMTNkVVUy1OVEMtS0VZSUQtMjNGNEUy' +
      'MkFEM0JFMzc0QTQ0OTc3Mjk1NEFBMjgzQUVENzUyNTcyRTCCAiIwDQYJKoZIhvcNAQEBBQADggIPADCCAgoCggIBAMYsxZ359XoM' +
      'jiejLk91WORXnA9uJHMrGj9E6yJd8B40cklR1twW96826fgdMMwFPI6fXsYM7PuX8mcqDGLCsiPFTuoXQRPBn2VEfZEpTl9yhYBR' +
      's2as4vpF4oOcs2KCU6730Czeksc7Fi9ZdLWs_hqn4wkrql6cv9e5fh3_BSTvW0x795FLu7pd0jq1FA9oQMvZ921RZkP4X_Js3LtV' +
      'QUPOYJ6YzBGdh1SoKp5PpL-FkEM2zkd1BXdqXlUrTfNPJvJweT1CY8C1cRWZtZlkkmsqWpcTnFKTnu2oMCxJXiQsuGrZAu4lZmOL' +
      'acDRNa3DPtJdQYVBiZ9lHk971jBws9HiXmVX0s4Fk8RVqEBcSyU7fUfpuyu2wruFgJD32To1LbwvWGanrBhkCT-fVpf_DhKwwR9a' +
      'zH-FfzZ9weh_776GHTIQmF2jky4BD6fSIzB0U-l5BN_v0_2uo2kHEaz9TlFh4xgzUcFlreY0VODYWbmMAdWlyuN3C7XP4fwBVbtr' +
      'A-c_TSa_CuqFIqfFcPCniih-4ajCBQ5dwPLNri5hfQPL8RJsX0KHs0wBA_ADf8O2S48y3K1R8RYIz8ENckNwzFP7Ke3ZCzFOfNPa' +
      'eDh0ceFqRecEO_q4eiwig_pciMIRecMeJiT12O_phJUKWJdD3P1p--SBuVZ7yPD0FGj-aQn1AgMBAAGjggGOMIIBijAOBgNVHQ8B' +
      'Af8EBAMCAoQwGwYDVR0lBBQwEgYJKwYBBAGCNxUkBgVngQUIAzAWBgNVHSAEDzANMAsGCSsGAQQBgjcVHzASBgNVHRMBAf8ECDAG' +
      'AQH_AgEAMB0GA1UdDgQWBBSXoaSHgAGBlZpmNVWMWorDDDTnbDAfBgNVHSMEGDAWgBR6jArOL0hiF-KU0a5VwVLscXSkVjBwBgNV' +
      'HR8EaTBnMGWgY6Bhhl9odHRwOi8vd3d3Lm1pY3Jvc29mdC5jb20vcGtpb3BzL2NybC9NaWNyb3NvZnQlMjBUUE0lMjBSb290JTIw' +
      'Q2VydGlmaWNhdGUlMjBBdXRob3JpdHklMjAyMDE0LmNybDB9BggrBgEFBQcBAQRxMG8wbQYIKwYBBQUHMAKGYWh0dHA6Ly93d3cu' +
      'bWljcm9zb2Z0LmNvbS9wa2lvcHMvY2VydHMvTWljcm9zb2Z0JTIwVFBNJTIwUm9vdCUyMENlcnRpZmljYXRlJTIwQXV0aG9yaXR5' +
      'JTIwMjAxNC5jcnQwDQYJKoZIhvcNAQELBQADggIBAEqoI0tBP2Uurjlmgo7niM4MoXT6KvQlJgw0XcON1g0SGZ-WTZk32GqPE7TZ' +
      'qgNEVMuZwCimfwpTPKpbMagnZBIIIsROJbZFjr8q-pKpPdYjkkVrhmMlOW0d1xe0vl4xsc-6AwQ5MPh9qdmbXgIQwpDUIzOIT38p' +
      'ChX26a_cdkYOlzbSw4gZRtQey4-AakazI3MXQCozvhXOqZ_9e8kdXPtdsCpkE52vopdGAtT0Iqyhb3pFMmIngsYpqpozrGEe8XlA' +
      'Wf7fNTzUR-Zm_0FqhaoDc-w0VxRR7DF-pcHZU-Mm8p7iDLtF8IZ6usayci7nCg3ySdbiLnV0onmX5vu5ieMG-pL_4RUpbhmdlvIK' +
      '01wpv2tS9oWMVWvW-Vw-9TnkA24k9wt6HuO3ib3s9yK-IabREUv6XNkKJUE5wZNo_0HxO1IM9EoWgNC0QLMoNvUzxNBAy6HwG0Zy' +
      'cyOdG1bnkwMU7gUHOGBVti_FB9Rto8Tp0lhUQgv8-tgMmBcz7A9hkmiU0asN3Z4d-e0vh_rti-pjKHTIzpEUU_Tjo-NTdqBIrYjr' +
      'aBCzt5rZiywS8v6AlgA2yUkADAxtUNScmI6oS4AzqrK-B7Ho7qlrvHiGDToPopFuKZcjCZ2-R7NB9oVYEQbHyB6TnNxRwtpkzDxb' +
      '2HxA_hbMjlEse4S5QWJ4sfxkZ3B1YkFyZWFZATYAAQALAAYEcgAgnf_L82w4OuaZ-5ho3G3LidcVOIS-KAOSLBJBWL-tIq4AEAAQ' +
      'CAAAAAAAAQDJlNoI1XRkd1Kjb96EePqyqRpGV9w0YKU6U2TyDC8TBKiYzwRw3Ti0EGjLC_P2j2o-wDyQ9RqEvWSRv7dqNzNLRqrm' +
      'xNJMvmQi2vk5hzebrezXycTpdvHhIO6C9FMGpjHNXU2SPD_4cY8W_SqVrDsjlF5DuEHP0TFvKfTrSJFZ21SKL48i9NYYGkNdU1S5' +
      'Kr8oAPORAoQT-V6o_fOxMfslJNuy3tb_FIAGmVILBcWStB9hw1EzC0fRnDoI4tDT-_6BBsz6TYusEP4SQ4ZaQAkbQE1-jSTmrThe' +
      'F3a8V6cPNV43DfzdVLsB74EI8wlZ86SJtyD3260FsWgf40sSJie9aGNlcnRJbmZvWKH_VENHgBcAIgALhmPuuXQ7HvLV4hOfrw_5' +
      '5-GR3psNmE_1QZP-_YPm5c8AFJoQlUV8EpmxuKaMJJlKHuIteMImAAAACfwkGZwWlFVa2k-cxAEPaQm9qoC4lAAiAAuuRckOKcJw' +
      'FIRO3XLsLgJibml10dsxQtopG9n2H2B-KQAiAAuPaG6tGwNMsbWqXu9ba1tgsNEKnl3wFJE1Q2ktcCD2O2hhdXRoRGF0YVkBZ0mW' +
      'DeWIDoxodDQXD2R2YFuP5K65ooYyx5lc87qDHZdjRQAAAAAImHBYytxLgbbhMN5Q3L6WACBftM-LujxZ-IjPVs_RVyLPXFG9IzKK' +
      'K2A5HWxSpjvbi6QBAwM5AQAgWQEAyZTaCNV0ZHdSo2_ehHj6sqkaRlfcNGClOlNk8gwvEwSomM8EcN04tBBoywvz9o9qPsA8kPUa' +
      'hL1kkb-3ajczS0aq5sTSTL5kItr5OYc3m63s18nE6Xbx4SDugvRTBqYxzV1Nkjw_-HGPFv0qlaw7I5ReQ7hBz9Exbyn060iRWdtU' +
      'ii-PIvTWGBpDXVNUuSq_KADzkQKEE_leqP3zsTH7JSTbst7W_xSABplSCwXFkrQfYcNRMwtH0Zw6COLQ0_v-gQbM-k2LrBD-EkOG' +
      'WkAJG0BNfo0k5q04Xhd2vFenDzVeNw383VS7Ae-BCPMJWfOkibcg99utBbFoH-NLEiYnvSFDAQAB',
  },
];

interface Decoded {
  authData: Uint8Array;
  clientDataHash: Uint8Array;
  alg: number;
  sig: Uint8Array;
  x5c: Uint8Array[];
  pubArea: Uint8Array;
  certInfo: Uint8Array;
}

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
const b64u = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64url'));
const hex = (b: Uint8Array | ArrayBuffer): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');
const sha = (alg: 'sha1' | 'sha256', ...parts: Uint8Array[]): Uint8Array =>
  new Uint8Array(createHash(alg).update(Buffer.concat(parts)).digest());

function decodeStatement(attStmt: Map<string, unknown>, authData: Uint8Array, clientDataHash: Uint8Array): Decoded {
  return {
    authData,
    clientDataHash,
    alg: attStmt.get('alg') as number,
    sig: attStmt.get('sig') as Uint8Array,
    x5c: attStmt.get('x5c') as Uint8Array[],
    pubArea: attStmt.get('pubArea') as Uint8Array,
    certInfo: attStmt.get('certInfo') as Uint8Array,
  };
}

function decodeSample(sample: Sample): Decoded {
  const ao = decoder.decode(b64u(sample.attestationObject)) as Map<string, unknown>;
  expect(ao.get('fmt')).toBe('tpm');
  return decodeStatement(ao.get('attStmt') as Map<string, unknown>, ao.get('authData') as Uint8Array, sha('sha256', b64u(sample.clientDataJSON)));
}

/** The credential public key (COSE_Key) from attested credential data (WebAuthn L3 6.5.2). */
function credentialCoseKey(authData: Uint8Array): Map<number, unknown> {
  const idLength = Buffer.from(authData).readUInt16BE(53);
  return decoder.decode(authData.subarray(55 + idLength)) as Map<number, unknown>;
}

/** Extension OID -> critical flag, without the AIA pointer (real certs point at Microsoft URLs). */
function extensionProfile(der: Uint8Array): Record<string, boolean> {
  const cert = new x509.X509Certificate(der);
  return Object.fromEntries(cert.extensions.filter((e) => e.type !== '1.3.6.1.5.5.7.1.1').map((e) => [e.type, e.critical]));
}

/** tcg-at-tpm* attribute types and value ASN.1 tags from the SAN directoryName, RDN by RDN. */
function sanShape(der: Uint8Array): { rdnSizes: number[]; attributes: Record<string, string> } {
  const ext = new x509.X509Certificate(der).getExtension('2.5.29.17')!;
  const dn = AsnConvert.parse(ext.value, SubjectAlternativeName)[0]!.directoryName!;
  const attributes: Record<string, string> = {};
  for (const rdn of dn) for (const atv of rdn) attributes[atv.type] = atv.value.utf8String !== undefined ? 'UTF8String' : 'other';
  return { rdnSizes: dn.map((rdn) => rdn.length), attributes };
}

/** The shipped preset, so the builder is tested with the data users get. */
const WINDOWS_HELLO: Preset = getPreset('windows-hello-hardware');

const SEED = 'windows-hello-samples-test';

async function vfidoStatement(alg: -257 | -7): Promise<Decoded> {
  const credentialKey = createKeyPair(alg, SEED, `credential/${alg}`);
  const aaguid = Uint8Array.from(Buffer.from(WINDOWS_HELLO.aaguid.replace(/-/g, ''), 'hex'));
  const authData = Uint8Array.from(Buffer.concat([sha('sha256', Buffer.from('example.com')), Buffer.from([0x45, 0, 0, 0, 0]), aaguid]));
  const clientDataHash = sha('sha256', Buffer.from('{"type":"webauthn.create"}'));
  const { fmt, attStmt } = await buildTpm({
    preset: WINDOWS_HELLO,
    authData,
    clientDataHash,
    credentialKey,
    credentialPublicKey: new Uint8Array(0),
    credentialId: Uint8Array.of(1, 2, 3),
    aaguid,
    seed: SEED,
  });
  expect(fmt).toBe('tpm');
  return decodeStatement(attStmt as Map<string, unknown>, authData, clientDataHash);
}

describe('real Windows Hello samples, read by the test parsers', () => {
  for (const sample of SAMPLES) {
    describe(sample.note, () => {
      const real = decodeSample(sample);
      const pubArea = parsePubArea(real.pubArea);
      const certInfo = parseCertInfo(real.certInfo);

      it('parses completely, with the WebAuthn 8.3.2 invariants holding', () => {
        expect(real.alg).toBe(-65535);
        expect(certInfo.magic).toBe(0xff544347);
        expect(certInfo.type).toBe(0x8017);
        expect(hex(certInfo.name)).toBe(hex(tpmName(real.pubArea)));
        expect(hex(certInfo.extraData)).toBe(hex(sha('sha1', real.authData, real.clientDataHash)));
      });

      it('has the signature over certInfo by the AIK certificate key (RS1)', () => {
        const aikKey = new x509.X509Certificate(real.x5c[0]!).publicKey.rawData;
        const key = createPublicKey({ key: Buffer.from(aikKey), format: 'der', type: 'spki' });
        expect(verify('sha1', real.certInfo, key, real.sig)).toBe(true);
      });

      it('has unique = the COSE modulus, exponent 0 = 65537', () => {
        const cose = credentialCoseKey(real.authData);
        expect(hex(pubArea.unique[0]!)).toBe(hex(cose.get(-1) as Uint8Array));
        expect(hex(cose.get(-2) as Uint8Array)).toBe('010001');
        expect(pubArea.exponent).toBe(0);
      });

      it('is rebuilt byte for byte by buildPubArea from its modulus', () => {
        const key = createPublicKey({ key: { kty: 'RSA', n: Buffer.from(pubArea.unique[0]!).toString('base64url'), e: 'AQAB' }, format: 'jwk' });
        expect(hex(buildPubArea(key))).toBe(hex(real.pubArea));
      });

      it('is rebuilt byte for byte by buildCertInfo from its fields', () => {
        const rebuilt = buildCertInfo({
          qualifiedSigner: certInfo.qualifiedSigner,
          extraData: certInfo.extraData,
          clockInfo: { clock: certInfo.clock, resetCount: certInfo.resetCount, restartCount: certInfo.restartCount, safe: certInfo.safe === 1 },
          firmwareVersion: certInfo.firmwareVersion,
          name: certInfo.name,
          qualifiedName: certInfo.qualifiedName,
        });
        expect(hex(rebuilt)).toBe(hex(real.certInfo));
      });
    });
  }
});

describe('vfido tpm statement vs the real samples, field by field', () => {
  const real = decodeSample(SAMPLES[0]!);
  const realPub = parsePubArea(real.pubArea);
  const realInfo = parseCertInfo(real.certInfo);
  let ours: Decoded;
  let ourPub: ParsedPubArea;
  let ourInfo: ParsedCertInfo;
  beforeAll(async () => {
    ours = await vfidoStatement(-257);
    ourPub = parsePubArea(ours.pubArea);
    ourInfo = parseCertInfo(ours.certInfo);
  });

  it('pubArea: same type, nameAlg, attributes, authPolicy, parameters; unique is the modulus', () => {
    const { unique: realUnique, ...realRest } = realPub;
    const { unique: ourUnique, ...ourRest } = ourPub;
    expect({ ...ourRest, authPolicy: hex(ourRest.authPolicy) }).toEqual({ ...realRest, authPolicy: hex(realRest.authPolicy) });
    expect(ourUnique[0]!.length).toBe(realUnique[0]!.length);
    expect(ours.pubArea.length).toBe(real.pubArea.length);
  });

  it('certInfo: same magic, type, sizes and nameAlg prefixes; extraData and names check out', () => {
    expect(ours.certInfo.length).toBe(real.certInfo.length);
    expect(ourInfo.magic).toBe(realInfo.magic);
    expect(ourInfo.type).toBe(realInfo.type);
    for (const field of ['qualifiedSigner', 'extraData', 'name', 'qualifiedName'] as const) {
      expect(ourInfo[field].length, field).toBe(realInfo[field].length);
    }
    for (const field of ['qualifiedSigner', 'name', 'qualifiedName'] as const) {
      expect(hex(ourInfo[field].subarray(0, 2)), field).toBe('000b');
    }
    expect(ourInfo.safe).toBe(realInfo.safe);
    expect(hex(ourInfo.name)).toBe(hex(tpmName(ours.pubArea)));
    expect(hex(ourInfo.extraData)).toBe(hex(sha('sha1', ours.authData, ours.clientDataHash)));
  });

  it('attStmt: same alg and keys; sig verifies with the AIK certificate key', () => {
    expect(ours.alg).toBe(real.alg);
    expect(ours.x5c.length).toBe(real.x5c.length);
    const key = createPublicKey({ key: Buffer.from(new x509.X509Certificate(ours.x5c[0]!).publicKey.rawData), format: 'der', type: 'spki' });
    expect(verify('sha1', ours.certInfo, key, ours.sig)).toBe(true);
    expect(ours.sig.length).toBe(real.sig.length);
  });

  it('AIK certificate: the real extension profile (OIDs, criticality) plus the aaguid extension', () => {
    expect(extensionProfile(ours.x5c[0]!)).toEqual({ ...extensionProfile(real.x5c[0]!), '1.3.6.1.4.1.45724.1.1.4': false });
    expect(new x509.X509Certificate(ours.x5c[0]!).subject).toBe(new x509.X509Certificate(real.x5c[0]!).subject);
  });

  it('AIK certificate: SAN shaped like the spec-compliant real sample', () => {
    expect(sanShape(ours.x5c[0]!)).toEqual(sanShape(real.x5c[0]!));
  });

  it('ECC credential: TPMS_ECC_PARMS with NIST P-256 and a 32+32 byte point', async () => {
    const ecc = await vfidoStatement(-7);
    const parsed = parsePubArea(ecc.pubArea);
    expect(parsed).toMatchObject({ type: 0x0023, nameAlg: 0x000b, objectAttributes: realPub.objectAttributes, symmetric: 0x10, scheme: 0x10, curveId: 3, kdf: 0x10 });
    expect(parsed.unique.map((u) => u.length)).toEqual([32, 32]);
    expect(hex(parseCertInfo(ecc.certInfo).name)).toBe(hex(tpmName(ecc.pubArea)));
  });
});
