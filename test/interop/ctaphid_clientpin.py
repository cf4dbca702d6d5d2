"""Interop driver: python-fido2 (Debian's 0.9.1) uses vfido's authenticatorClientPIN over CTAPHID.

python-fido2's own ClientPin (PIN/UV auth protocols 1 and 2) sets and changes the PIN, gets
tokens, reads the retry counters and runs into the lockouts; its Fido2Client registers and
authenticates with pin=, and its Fido2Server checks the results (attestation chain to the vfido
test root, signature, UV flag). The adapter (ctaphid_fido2.SocketConnection) only moves 64-byte reports.
Prints one JSON object for the TypeScript test to assert on.

Usage: VFIDO_ROOT_PEM=<pem> VFIDO_OTHER_ROOT_PEM=<pem> /usr/bin/python3 ctaphid_clientpin.py <port> pin|uv
"""
import hashlib
import json
import os
import sys
import time

from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives.serialization import Encoding
from fido2.attestation import Attestation, UntrustedAttestation
from fido2.client import ClientError, Fido2Client
from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2
from fido2.ctap2.pin import ClientPin, PinProtocolV1, PinProtocolV2
from fido2.server import AttestationVerifier, Fido2Server

from ctaphid_fido2 import open_device  # the byte-moving socket adapter, shared

RP = {"id": "example.com", "name": "Example"}
PIN = "13579"
MC = ClientPin.PERMISSION.MAKE_CREDENTIAL
GA = ClientPin.PERMISSION.GET_ASSERTION


def reconnect(dev, port):
    """Unplug and plug in again: vfido power-cycles when a connection arrives and none is open."""
    dev.close()
    time.sleep(0.5)
    return open_device(port)


def status(fn):
    """"OK", or the CTAP status byte python-fido2 raised."""
    try:
        fn()
        return "OK"
    except CtapError as e:
        return int(e.code)


class RootVerifier(AttestationVerifier):
    """Trusts exactly the vfido test root of the preset's vendor."""

    def __init__(self, pem):
        super(RootVerifier, self).__init__()
        self.root = x509.load_pem_x509_certificate(pem.encode(), default_backend()).public_bytes(Encoding.DER)

    def ca_lookup(self, attestation_result, auth_data):
        return [self.root]


def flags(auth_data):
    return {"up": auth_data.is_user_present(), "uv": auth_data.is_user_verified(), "raw": auth_data.flags}


def raw_make_credential(ctap, protocol, token, user_id, options=None):
    """makeCredential with a pinUvAuthParam python-fido2's protocol computes from `token`."""
    cdh = hashlib.sha256(os.urandom(16)).digest()
    param = None if token is None else protocol.authenticate(token, cdh)
    att = ctap.make_credential(
        cdh, RP, {"id": user_id, "name": "u", "displayName": "U"}, [{"type": "public-key", "alg": -7}],
        options=options, pin_uv_param=param, pin_uv_protocol=None if token is None else protocol.VERSION,
    )
    Attestation.for_type(att.fmt)().verify(att.att_statement, att.auth_data, cdh)
    return att


def pin_mode(port, root_pem, other_root_pem):
    out = {}
    dev = open_device(port)
    ctap = Ctap2(dev)
    out["info"] = {"clientPin": ctap.info.options.get("clientPin"), "pinUvAuthToken": ctap.info.options.get("pinUvAuthToken"), "protocols": list(ctap.info.pin_uv_protocols)}

    # Protocol 1: set, then change the PIN.
    v1 = ClientPin(ctap, PinProtocolV1())
    # No PIN yet: a YubiKey answers getPINRetries with PIN_NOT_SET (python-fido2 tests/device/test_clientpin.py).
    out["retriesBeforeSet"] = status(lambda: v1.get_pin_retries())
    v1.set_pin("1234")
    out["clientPinAfterSet"] = ctap.get_info().options.get("clientPin")
    out["retriesAfterSet"] = list(v1.get_pin_retries())
    out["setAgain"] = status(lambda: v1.set_pin("5678"))
    out["tokenV1"] = len(v1.get_pin_token("1234", MC | GA, RP["id"]))
    out["changeV1"] = status(lambda: v1.change_pin("1234", "24680"))

    # Protocol 2: the old PIN fails and costs a retry, the new one restores them; change again.
    v2 = ClientPin(ctap, PinProtocolV2())
    out["oldPinV2"] = status(lambda: v2.get_pin_token("1234", MC, RP["id"]))
    out["retriesAfterWrong"] = list(v2.get_pin_retries())
    out["tokenV2"] = len(v2.get_pin_token("24680", MC, RP["id"]))
    out["retriesAfterRight"] = list(v2.get_pin_retries())
    out["changeV2"] = status(lambda: v2.change_pin("24680", PIN))

    # getPinToken (0x05), python-fido2's path for keys without pinUvAuthToken, and the token at work.
    legacy = ClientPin(ctap, PinProtocolV1())
    legacy._supports_permissions = False
    token = legacy.get_pin_token(PIN)
    att = raw_make_credential(ctap, legacy.protocol, token, b"legacy")
    out["legacyMc"] = flags(att.auth_data)
    out["legacyReuse"] = status(lambda: raw_make_credential(ctap, legacy.protocol, token, b"legacy-2"))
    out["rkWithoutToken"] = status(lambda: raw_make_credential(ctap, legacy.protocol, None, b"rk", {"rk": True}))
    out["plainWithoutToken"] = flags(raw_make_credential(ctap, legacy.protocol, None, b"plain").auth_data)
    token = v2.get_pin_token(PIN, MC, "other.example")
    out["otherRpToken"] = status(lambda: raw_make_credential(ctap, v2.protocol, token, b"other"))

    # Lockout: three wrong PINs in a row, then even the right one is blocked until a power cycle.
    out["wrongThrice"] = [status(lambda: v2.get_pin_token("0000", MC, RP["id"])) for _ in range(3)]
    out["rightWhileBlocked"] = status(lambda: v2.get_pin_token(PIN, MC, RP["id"]))
    out["retriesBlocked"] = list(v2.get_pin_retries())
    dev = reconnect(dev, port)
    ctap = Ctap2(dev)
    v2 = ClientPin(ctap, PinProtocolV2())
    out["retriesAfterPowerCycle"] = list(v2.get_pin_retries())
    out["tokenAfterPowerCycle"] = len(v2.get_pin_token(PIN, MC, RP["id"]))
    out["retriesRestored"] = list(v2.get_pin_retries())

    # Fido2Client with pin=: registration and authentication, checked by Fido2Server.
    client = Fido2Client(dev, "https://example.com")
    server = Fido2Server(RP, attestation="direct", verify_attestation=RootVerifier(root_pem))
    user = {"id": b"user-1", "name": "ada@example.com", "displayName": "Ada"}
    create_options, state = server.register_begin(user, user_verification="required")
    attestation = client.make_credential(create_options["publicKey"], pin=PIN)
    auth_data = server.register_complete(state, attestation.client_data, attestation.attestation_object)
    out["register"] = dict(flags(auth_data), fmt=attestation.attestation_object.fmt, credentialId=auth_data.credential_data.credential_id.hex())
    # The same statement does not chain to another vendor's root: the check above was real.
    try:
        RootVerifier(other_root_pem).verify_attestation(attestation.attestation_object, attestation.client_data.hash)
        out["otherRootRejected"] = False
    except UntrustedAttestation:
        out["otherRootRejected"] = True
    request_options, state = server.authenticate_begin([auth_data.credential_data], user_verification="required")
    selection = client.get_assertion(request_options["publicKey"], pin=PIN)
    response = selection.get_response(0)
    server.authenticate_complete(
        state, [auth_data.credential_data], response.credential_id, response.client_data, response.authenticator_data, response.signature
    )
    out["authenticate"] = dict(flags(response.authenticator_data), credentialId=response.credential_id.hex(), signatureVerified=True)
    try:
        client.get_assertion(request_options["publicKey"], pin="99999")
        out["wrongPinClient"] = "OK"
    except ClientError as e:
        out["wrongPinClient"] = int(e.cause.code) if isinstance(e.cause, CtapError) else str(e)
    out["retriesEnd"] = list(ClientPin(Ctap2(dev), PinProtocolV2()).get_pin_retries())
    dev.close()
    return out


def uv_mode(port):
    out = {}
    dev = open_device(port)
    ctap = Ctap2(dev)
    out["info"] = {"uv": ctap.info.options.get("uv"), "clientPin": ctap.info.options.get("clientPin"), "pinUvAuthToken": ctap.info.options.get("pinUvAuthToken")}
    for proto in (PinProtocolV1(), PinProtocolV2()):
        cp = ClientPin(ctap, proto)
        token = cp.get_uv_token(MC, RP["id"])
        att = raw_make_credential(ctap, cp.protocol, token, b"uv-%d" % proto.VERSION, {"rk": True})
        out["v%d" % proto.VERSION] = dict(flags(att.auth_data), tokenLength=len(token), uvRetries=cp.get_uv_retries()[0])
    out["rkWithoutUv"] = status(lambda: raw_make_credential(ctap, PinProtocolV2(), None, b"no-uv", {"rk": True}))
    dev.close()
    return out


if __name__ == "__main__":
    port, mode = int(sys.argv[1]), sys.argv[2]
    result = pin_mode(port, os.environ["VFIDO_ROOT_PEM"], os.environ["VFIDO_OTHER_ROOT_PEM"]) if mode == "pin" else uv_mode(port)
    print(json.dumps(result))
