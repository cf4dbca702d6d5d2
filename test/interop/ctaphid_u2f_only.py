"""Interop driver: python-fido2 (Debian's 0.9.1) Fido2Client on a vfido U2F-only model over CTAPHID.

The device reports no CAPABILITY_CBOR, so python-fido2's own Fido2Client falls back to CTAP1 (its
Fido2Client._ctap1_make_credential and _ctap1_get_assertion, CTAP 2.1 section 10) and maps U2F_REGISTER / U2F_AUTHENTICATE to WebAuthn. Its own
FidoU2FAttestation verifies the statement. Prints one JSON object for ctaphid-u2f.test.ts.

Usage: /usr/bin/python3 ctaphid_u2f_only.py <port>
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ctaphid_fido2 import open_device  # noqa: E402  (the report-moving adapter only)
from fido2.attestation import Attestation  # noqa: E402
from fido2.client import ClientError, Fido2Client  # noqa: E402
from fido2.hid import CAPABILITY  # noqa: E402
from fido2.webauthn import (  # noqa: E402
    PublicKeyCredentialCreationOptions,
    PublicKeyCredentialDescriptor,
    PublicKeyCredentialParameters,
    PublicKeyCredentialRequestOptions,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialUserEntity,
    AuthenticatorSelectionCriteria,
)

ORIGIN = "https://u2f.example.com"
RP = PublicKeyCredentialRpEntity("u2f.example.com", "Example")
USER = PublicKeyCredentialUserEntity(b"user-1", "ada", "Ada")


def main(port):
    out = {}
    dev = open_device(port)
    out["cbor"] = CAPABILITY.CBOR.supported(dev.capabilities)
    client = Fido2Client(dev, ORIGIN)
    out["ctap1"] = hasattr(client, "ctap1") and not hasattr(client, "ctap2")
    options = PublicKeyCredentialCreationOptions(
        RP, USER, os.urandom(32), [PublicKeyCredentialParameters("public-key", -7)], attestation="direct"
    )
    result = client.make_credential(options)
    att = result.attestation_object
    Attestation.for_type(att.fmt)().verify(att.att_statement, att.auth_data, result.client_data.hash)  # raises when wrong
    cred = att.auth_data.credential_data
    out["register"] = {
        "fmt": att.fmt,
        "aaguid": cred.aaguid.hex(),
        "flags": att.auth_data.flags,
        "counter": att.auth_data.counter,
        "credentialId": cred.credential_id.hex(),
    }
    request = PublicKeyCredentialRequestOptions(
        os.urandom(32), rp_id=RP.id, allow_credentials=[PublicKeyCredentialDescriptor("public-key", cred.credential_id)]
    )
    assertion = client.get_assertion(request).get_response(0)
    # The credential key from the registration verifies the assertion (raises when wrong).
    cred.public_key.verify(bytes(assertion.authenticator_data) + assertion.client_data.hash, assertion.signature)
    out["authenticate"] = {
        "flags": assertion.authenticator_data.flags,
        "counter": assertion.authenticator_data.counter,
        "credentialId": assertion.credential_id.hex(),
    }
    try:
        client.make_credential(PublicKeyCredentialCreationOptions(
            RP, USER, os.urandom(32), [PublicKeyCredentialParameters("public-key", -7)],
            authenticator_selection=AuthenticatorSelectionCriteria(require_resident_key=True),
        ))
        out["residentKeyRequired"] = "OK"
    except ClientError as e:
        out["residentKeyRequired"] = e.code.name
    print(json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]))
