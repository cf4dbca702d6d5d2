"""Verify a vfido CLI registration and sign-in with python-fido2's Fido2Server (Debian python3-fido2 0.9).

Reads JSON on stdin: { rpId, origin, registration: { response, challenge }, authentication: { response, challenge },
rootsPem? }. Prints JSON: { registered, aaguid, fmt, attestationChecked, authenticated, signCount } or { error }.
Run with /usr/bin/python3 (the Debian interpreter that has the fido2 package).
"""
import base64
import json
import re
import sys

from fido2.ctap2 import AttestationObject, AuthenticatorData
from fido2.client import ClientData
from fido2.server import AttestationVerifier, Fido2Server
from fido2.webauthn import PublicKeyCredentialRpEntity


def b64u(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class RootVerifier(AttestationVerifier):
    """Trusts the PEM roots given in the request."""

    def __init__(self, roots):
        super().__init__()
        self.roots = roots

    def ca_lookup(self, result, auth_data):
        return self.roots[:1] if self.roots else None


def main():
    req = json.load(sys.stdin)
    rp = PublicKeyCredentialRpEntity(req["rpId"], "vfido test")
    roots = [base64.b64decode(re.sub(r"\s+", "", m)) for m in re.findall(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", req.get("rootsPem") or "", re.S)]
    verifier = RootVerifier(roots) if roots else None
    server = Fido2Server(rp, attestation="direct" if verifier else None, verify_attestation=verifier)
    # Fido2Server checks the origin against the RP ID; the test origin is https://<sub>.<rpId>.
    reg = req["registration"]
    _, state = server.register_begin({"id": b"user", "name": "ada"}, challenge=b64u(reg["challenge"]))
    auth_data = server.register_complete(
        state, ClientData(b64u(reg["response"]["response"]["clientDataJSON"])), AttestationObject(b64u(reg["response"]["response"]["attestationObject"]))
    )
    cred = auth_data.credential_data
    fmt = AttestationObject(b64u(reg["response"]["response"]["attestationObject"])).fmt
    auth = req["authentication"]
    _, state = server.authenticate_begin([cred], challenge=b64u(auth["challenge"]))
    resp = auth["response"]
    server.authenticate_complete(
        state,
        [cred],
        b64u(resp["rawId"]),
        ClientData(b64u(resp["response"]["clientDataJSON"])),
        AuthenticatorData(b64u(resp["response"]["authenticatorData"])),
        b64u(resp["response"]["signature"]),
    )
    print(json.dumps({
        "registered": True,
        "aaguid": str(cred.aaguid.hex()),
        "fmt": fmt,
        "attestationChecked": verifier is not None,
        "authenticated": True,
        "signCount": AuthenticatorData(b64u(resp["response"]["authenticatorData"])).counter,
    }))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # report every failure as JSON for the test to assert on
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        sys.exit(1)
