"""Interop driver: python-fido2 (Debian's 0.9.1) exercises vfido's CTAP 2.1 section 12 extensions
over the loopback CTAPHID server.

Everything cryptographic on the platform side is python-fido2's own code: its extension classes
(CredProtectExtension, HmacSecretExtension, CredBlobExtension, LargeBlobKeyExtension) build the
inputs and read the outputs, its ClientPin does getKeyAgreement, setPIN and getPinToken, its
PinProtocolV1/V2 encrypt and decrypt. Prints one JSON object with what python-fido2 saw (salts,
decrypted hmac-secret outputs, blobs, keys, status names); the TypeScript test checks them against
values it derives itself from the stored credential records.

Usage: /usr/bin/python3 ctaphid_extensions.py <yubikey-5-nfc port> <generic port>
"""
import hashlib
import json
import os
import sys

from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2
from fido2.ctap2.extensions import (
    CredBlobExtension,
    CredProtectExtension,
    HmacSecretExtension,
    LargeBlobKeyExtension,
)
from fido2.ctap2.pin import ClientPin, PinProtocolV1, PinProtocolV2

from ctaphid_fido2 import open_device

PIN = "271828"
ES256 = [{"type": "public-key", "alg": -7}]
UV_FLAG = 0x04
ED_FLAG = 0x80


def cdh(label):
    return hashlib.sha256(label.encode()).digest()


def status_of(error):
    return error.code.name if hasattr(error.code, "name") else int(error.code)


def attempt(fn):
    """Run fn; a CtapError becomes {"error": <status name>} so later steps still run."""
    try:
        return fn()
    except CtapError as e:
        return {"error": status_of(e)}


def create_inputs(ctap, policy, blob):
    """Authenticator inputs as python-fido2's extension classes build them."""
    inputs = {}
    requests = [
        (CredProtectExtension, {"credentialProtectionPolicy": policy}),
        (HmacSecretExtension, {"hmacCreateSecret": True}),
        (CredBlobExtension, {"credBlob": blob}),
        (LargeBlobKeyExtension, {"largeBlobKey": True}),
    ]
    for cls, client_inputs in requests:
        ext = cls(ctap)
        value = ext.process_create_input(client_inputs)
        if value is not None:
            inputs[ext.NAME] = value
    return inputs


def make(ctap, rp_id, user_id, inputs, label, options=None):
    att = ctap.make_credential(
        cdh(label),
        {"id": rp_id, "name": rp_id},
        {"id": user_id, "name": user_id.decode()},
        ES256,
        extensions=inputs,
        options=dict({"rk": True}, **(options or {})),
    )
    ext = att.auth_data.extensions or {}
    return att, {
        "credentialId": att.auth_data.credential_data.credential_id.hex(),
        "extensions": {k: (v.hex() if isinstance(v, bytes) else v) for k, v in ext.items()},
        "hmacCreateSecret": HmacSecretExtension(ctap).process_create_output(att.auth_data),
        "largeBlobKey": att.large_blob_key.hex() if att.large_blob_key else None,
        "sentInputs": sorted(inputs.keys()),
    }


def uv_params(ctap, rp_id, client_data_hash, uv):
    """How this call verifies the user: 'pin' (a pinUvAuthToken from python-fido2's ClientPin),
    'builtin' (options uv=true), or nothing."""
    if uv == "pin":
        client_pin = ClientPin(ctap)
        token = client_pin.get_pin_token(PIN, ClientPin.PERMISSION.GET_ASSERTION, rp_id)
        return {
            "pin_uv_param": client_pin.protocol.authenticate(token, client_data_hash),
            "pin_uv_protocol": client_pin.protocol.VERSION,
        }
    if uv == "builtin":
        return {"options": {"uv": True}}
    return {}


def hmac_get(ctap, rp_id, cred, salt1, salt2=None, protocol=None, uv=None, label="hmac"):
    """getAssertion with hmac-secret, inputs and outputs through python-fido2's HmacSecretExtension."""
    ext = HmacSecretExtension(ctap, protocol)
    salts = {"salt1": salt1}
    if salt2:
        salts["salt2"] = salt2
    ext_input = ext.process_get_input({"hmacGetSecret": salts})
    client_data_hash = cdh(label)
    assertion = ctap.get_assertion(
        rp_id,
        client_data_hash,
        [{"type": "public-key", "id": cred.credential_id}],
        extensions={"hmac-secret": ext_input},
        **uv_params(ctap, rp_id, client_data_hash, uv),
    )
    assertion.verify(client_data_hash, cred.public_key)
    out = ext.process_get_output(assertion.auth_data)["hmacGetSecret"]
    return {
        "protocol": ext.pin_protocol.VERSION,
        "uv": bool(assertion.auth_data.flags & UV_FLAG),
        "salt1": salt1.hex(),
        "salt2": salt2.hex() if salt2 else None,
        "output1": out["output1"].hex(),
        "output2": out["output2"].hex() if "output2" in out else None,
    }


def discover(ctap, rp_id, allow=None, uv=None, label="discover"):
    client_data_hash = cdh(label)
    assertion = ctap.get_assertion(rp_id, client_data_hash, allow, **uv_params(ctap, rp_id, client_data_hash, uv))
    return {"credentialId": assertion.credential["id"].hex(), "uv": bool(assertion.auth_data.flags & UV_FLAG)}


def yubikey(port):
    """yubikey-5-nfc: credProtect, hmac-secret, credBlob, largeBlobKey; UV through the PIN."""
    out = {}
    dev = open_device(port)
    ctap = Ctap2(dev)
    info = ctap.get_info()
    out["info"] = {"extensions": info.extensions, "maxCredBlobLength": info.max_cred_blob_length, "pinUvAuthProtocols": info.pin_uv_protocols}

    blob = os.urandom(info.max_cred_blob_length)
    out["blob"] = blob.hex()
    # Level 2: userVerificationOptionalWithCredentialIDList, everything else on top.
    cred_att, out["create"] = make(ctap, "ext.example", b"ada", create_inputs(ctap, CredProtectExtension.POLICY.OPTIONAL_WITH_LIST, blob), "create")
    cred = cred_att.auth_data.credential_data
    # Level 3: userVerificationRequired, on its own RP ID so discovery sees only it.
    locked_att, out["createLocked"] = make(ctap, "locked.example", b"bob", create_inputs(ctap, CredProtectExtension.POLICY.REQUIRED, b""), "create locked")
    locked = locked_att.auth_data.credential_data

    salt1, salt2 = os.urandom(32), os.urandom(32)
    out["hmacNoUv"] = [
        attempt(lambda: hmac_get(ctap, "ext.example", cred, salt1, salt2, PinProtocolV2(), label="h1")),
        attempt(lambda: hmac_get(ctap, "ext.example", cred, salt1, salt2, PinProtocolV2(), label="h2")),
        attempt(lambda: hmac_get(ctap, "ext.example", cred, salt1, None, PinProtocolV1(), label="h3")),
    ]

    def get_blob_and_key():
        client_data_hash = cdh("blob")
        inputs = {
            "credBlob": CredBlobExtension(ctap).process_get_input({"getCredBlob": True}),
            "largeBlobKey": LargeBlobKeyExtension(ctap).process_get_input({"largeBlobKey": True}),
        }
        a = ctap.get_assertion("ext.example", client_data_hash, [{"type": "public-key", "id": cred.credential_id}], extensions=inputs)
        a.verify(client_data_hash, cred.public_key)
        return {"credBlob": a.auth_data.extensions["credBlob"].hex(), "largeBlobKey": a.large_blob_key.hex() if a.large_blob_key else None}

    out["getBlob"] = attempt(get_blob_and_key)
    out["discoverLevel2NoUv"] = attempt(lambda: discover(ctap, "ext.example", label="d1"))
    out["allowLevel2NoUv"] = attempt(lambda: discover(ctap, "ext.example", [{"type": "public-key", "id": cred.credential_id}], label="d2"))
    out["discoverLevel3NoUv"] = attempt(lambda: discover(ctap, "locked.example", label="d3"))
    out["allowLevel3NoUv"] = attempt(lambda: discover(ctap, "locked.example", [{"type": "public-key", "id": locked.credential_id}], label="d4"))

    # With a PIN, python-fido2's pinUvAuthTokens give the uv bit.
    try:
        ClientPin(ctap).set_pin(PIN)
        out["setPin"] = True
    except CtapError as e:
        out["setPin"] = status_of(e)
    out["hmacPinUv"] = [
        attempt(lambda: hmac_get(ctap, "ext.example", cred, salt1, salt2, PinProtocolV2(), uv="pin", label="u1")),
        attempt(lambda: hmac_get(ctap, "ext.example", cred, salt1, salt2, PinProtocolV1(), uv="pin", label="u2")),
    ]
    out["discoverLevel3PinUv"] = attempt(lambda: discover(ctap, "locked.example", uv="pin", label="d5"))
    dev.close()
    return out


def generic(port):
    """generic: built-in UV (options uv), and hmac-secret-mc with python-fido2's own PIN/UV protocol crypto."""
    out = {}
    dev = open_device(port)
    ctap = Ctap2(dev)
    info = ctap.get_info()
    out["info"] = {"extensions": info.extensions}

    salt = os.urandom(32)
    client_pin = ClientPin(ctap, PinProtocolV2())
    key_agreement, shared_secret = client_pin._get_shared_secret()
    protocol = client_pin.protocol
    salt_enc = protocol.encrypt(shared_secret, salt)
    mc_input = {1: key_agreement, 2: salt_enc, 3: protocol.authenticate(shared_secret, salt_enc), 4: protocol.VERSION}
    inputs = {"credProtect": 2, "hmac-secret": True, "hmac-secret-mc": mc_input}
    # A discoverable credential on a model with built-in UV needs it (CTAP 2.1 6.1.2 makeCredUvNotRqd).
    att, out["create"] = make(ctap, "gen.example", b"cy", inputs, "create generic", {"uv": True})
    cred = att.auth_data.credential_data
    out["create"]["uv"] = bool(att.auth_data.flags & UV_FLAG)
    out["mcSalt"] = salt.hex()
    out["mcOutput"] = protocol.decrypt(shared_secret, att.auth_data.extensions["hmac-secret-mc"]).hex()
    _, out["createLocked"] = make(ctap, "genlocked.example", b"dee", {"credProtect": 3}, "create generic locked", {"uv": True})

    out["hmacBuiltinUv"] = attempt(lambda: hmac_get(ctap, "gen.example", cred, salt, None, PinProtocolV2(), uv="builtin", label="g1"))
    out["hmacNoUv"] = attempt(lambda: hmac_get(ctap, "gen.example", cred, salt, None, PinProtocolV1(), label="g2"))
    out["discoverLevel3NoUv"] = attempt(lambda: discover(ctap, "genlocked.example", label="g3"))
    out["discoverLevel3BuiltinUv"] = attempt(lambda: discover(ctap, "genlocked.example", uv="builtin", label="g4"))
    dev.close()
    return out


def main(yubikey_port, generic_port):
    print(json.dumps({"yubikey": yubikey(yubikey_port), "generic": generic(generic_port)}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
