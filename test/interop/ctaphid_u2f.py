"""Interop driver: python-fido2 (Debian's 0.9.1) speaks CTAP1/U2F over CTAPHID_MSG to a vfido loopback server.

Everything U2F here is python-fido2's own code: Ctap1 (APDUs, RegistrationData/SignatureData parsing
and verification) and U2fClient (client data, check-only exclusion, polling while the key answers
"test-of-user-presence required"). The socket adapter is the one ctaphid_fido2.py uses. Prints one
JSON object of python-fido2's results for ctaphid-u2f.test.ts to assert on.

The TypeScript side scripts the user to refuse the first two touches, so U2fClient.register has to
poll; nothing else here asks for presence before that.

Usage: /usr/bin/python3 ctaphid_u2f.py <port>
"""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ctaphid_fido2 import open_device  # noqa: E402  (the report-moving adapter only)
from fido2.client import ClientData, ClientError, U2fClient  # noqa: E402
from fido2.cose import ES256  # noqa: E402
from fido2.ctap1 import APDU, ApduError, Ctap1, RegistrationData, SignatureData  # noqa: E402
from fido2.ctap2 import Ctap2  # noqa: E402
from fido2.hid import CAPABILITY  # noqa: E402
from fido2.utils import websafe_decode, websafe_encode  # noqa: E402

ORIGIN = "https://u2f.example.com"
APP_ID = "https://u2f.example.com"


def sha256(data):
    return hashlib.sha256(data).digest()


def rejects(fn):
    """True when fn raises: a tampered input must not verify."""
    try:
        fn()
        return False
    except Exception:
        return True


def apdu_code(fn):
    try:
        fn()
        return "no error"
    except ApduError as e:
        return e.code


def flip(b, i=0):
    t = bytearray(b)
    t[i] ^= 1
    return bytes(t)


def main(port):
    out = {}
    dev = open_device(port)
    out["hid"] = {
        "capabilities": dev.capabilities,
        "nmsg": CAPABILITY.NMSG.supported(dev.capabilities),
        "cbor": CAPABILITY.CBOR.supported(dev.capabilities),
    }

    # U2fClient: polls through two refused touches (SW 6985), then registers.
    client = U2fClient(dev, ORIGIN)
    client.poll_delay = 0.05
    keepalives = []
    challenge = websafe_encode(os.urandom(32))
    reg = client.register(APP_ID, [{"version": "U2F_V2", "challenge": challenge}], [], on_keepalive=keepalives.append)
    reg_data = RegistrationData.from_b64(reg["registrationData"])
    client_data = ClientData.from_b64(reg["clientData"])
    app_param = sha256(APP_ID.encode())
    reg_data.verify(app_param, client_data.hash)  # raises on a bad attestation signature
    key = {"version": "U2F_V2", "keyHandle": websafe_encode(reg_data.key_handle)}
    try:
        client.register(APP_ID, [{"version": "U2F_V2", "challenge": challenge}], [key])
        excluded = "registered again"
    except ClientError as e:
        excluded = e.code.name
    signed = client.sign(APP_ID, websafe_encode(os.urandom(32)), [key])
    sig = SignatureData.from_b64(signed["signatureData"])
    sig.verify(app_param, ClientData.from_b64(signed["clientData"]).hash, reg_data.public_key)
    out["client"] = {
        "keepalives": [int(k) for k in keepalives],
        "clientDataType": client_data.get("typ"),
        "keyHandle": reg_data.key_handle.hex(),
        "certificate": reg_data.certificate.hex(),
        "excluded": excluded,
        "signUserPresence": sig.user_presence,
        "signCounter": sig.counter,
    }

    # Ctap1 directly.
    ctap1 = Ctap1(dev)
    out["version"] = ctap1.get_version()
    client_param = sha256(b"vfido u2f register")
    reg2 = ctap1.register(client_param, app_param)
    reg2.verify(app_param, client_param)
    out["register"] = {
        "verified": True,
        "rejectsTampered": rejects(lambda: reg2.verify(app_param, flip(client_param))),
        "rejectsOtherApp": rejects(lambda: reg2.verify(sha256(b"https://other.example"), client_param)),
        "publicKey": reg2.public_key.hex(),
        "keyHandle": reg2.key_handle.hex(),
        "certificate": reg2.certificate.hex(),
    }
    auth_param = sha256(b"vfido u2f authenticate")
    a1 = ctap1.authenticate(auth_param, app_param, reg2.key_handle)
    a1.verify(app_param, auth_param, reg2.public_key)
    a2 = ctap1.authenticate(auth_param, app_param, reg2.key_handle)
    a2.verify(app_param, auth_param, reg2.public_key)
    out["authenticate"] = {
        "verified": True,
        "rejectsTampered": rejects(lambda: a1.verify(app_param, flip(auth_param), reg2.public_key)),
        "rejectsOtherKey": rejects(lambda: a1.verify(app_param, auth_param, reg_data.public_key)),
        "userPresence": a1.user_presence,
        "counters": [a1.counter, a2.counter],
    }
    out["checkOnly"] = {
        "ours": apdu_code(lambda: ctap1.authenticate(auth_param, app_param, reg2.key_handle, check_only=True)),
        "otherApp": apdu_code(lambda: ctap1.authenticate(auth_param, sha256(b"https://other.example"), reg2.key_handle, check_only=True)),
        "unknownKeyHandle": apdu_code(lambda: ctap1.authenticate(auth_param, app_param, flip(reg2.key_handle, 5), check_only=True)),
    }
    out["badKeyHandle"] = apdu_code(lambda: ctap1.authenticate(auth_param, app_param, flip(reg2.key_handle, 5)))
    out["apduCodes"] = {"ok": APDU.OK, "useNotSatisfied": APDU.USE_NOT_SATISFIED, "wrongData": APDU.WRONG_DATA}

    # CTAP2 on the same device: the U2F registration answers to its AppID as the RP ID (what a
    # client does for the WebAuthn appid extension), and a CTAP2 credential answers to U2F.
    ctap2 = Ctap2(dev)
    cdh = sha256(b"vfido appid assertion")
    assertion = ctap2.get_assertion(APP_ID, cdh, [{"type": "public-key", "id": reg2.key_handle}])
    assertion.verify(cdh, ES256.from_ctap1(reg2.public_key))
    out["appidAssertion"] = {
        "verified": True,
        "rpIdHashIsAppParam": assertion.auth_data.rp_id_hash == app_param,
        "credentialId": assertion.credential["id"].hex(),
    }
    rp = {"id": "example.com", "name": "Example"}
    att = ctap2.make_credential(sha256(b"mc"), rp, {"id": b"u1", "name": "ada"}, [{"type": "public-key", "alg": -7}])
    cred = att.auth_data.credential_data
    ctap1_key = b"\x04" + cred.public_key[-2] + cred.public_key[-3]
    rp_param = sha256(b"example.com")
    a3 = ctap1.authenticate(auth_param, rp_param, cred.credential_id)
    a3.verify(rp_param, auth_param, ctap1_key)
    out["ctap2OverU2f"] = {"verified": True, "userPresence": a3.user_presence}

    dev.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]))
