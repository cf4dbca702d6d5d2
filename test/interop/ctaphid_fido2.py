"""Interop driver: python-fido2 (Debian's 0.9.1) talks CTAPHID to a vfido loopback server.

The adapter (SocketConnection) only moves 64-byte reports between python-fido2's own
CtapHidDevice and a TCP socket; everything else is python-fido2's code. Prints one JSON object
with python-fido2's parsed results for the TypeScript test to assert on.

Usage: /usr/bin/python3 ctaphid_fido2.py <port>
"""
import hashlib
import json
import socket
import sys
import threading

from fido2.attestation import Attestation
from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2
from fido2.hid import CAPABILITY, CtapHidDevice
from fido2.hid.base import CtapHidConnection, HidDescriptor

REPORT_SIZE = 64


class SocketConnection(CtapHidConnection):
    """A CtapHidConnection over a socket carrying raw reports: bytes in, bytes out, nothing else."""

    def __init__(self, sock):
        self.sock = sock

    def write_packet(self, data):
        self.sock.sendall(data)

    def read_packet(self):
        buf = b""
        while len(buf) < REPORT_SIZE:
            chunk = self.sock.recv(REPORT_SIZE - len(buf))
            if not chunk:
                raise OSError("vfido closed the connection")
            buf += chunk
        return buf

    def close(self):
        self.sock.close()


def open_device(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    descriptor = HidDescriptor("vfido-tcp:%d" % port, 0, 0, REPORT_SIZE, REPORT_SIZE)
    return CtapHidDevice(descriptor, SocketConnection(sock))


def main(port):
    out = {}
    dev = open_device(port)
    out["hid"] = {
        "version": dev.version,
        "deviceVersion": list(dev.device_version),
        "capabilities": dev.capabilities,
        "cbor": CAPABILITY.CBOR.supported(dev.capabilities),
        "nmsg": CAPABILITY.NMSG.supported(dev.capabilities),
    }
    out["ping"] = dev.ping(b"\x00vfido" * 300).hex() == (b"\x00vfido" * 300).hex()
    if CAPABILITY.WINK.supported(dev.capabilities):
        dev.wink()
        out["wink"] = True

    ctap = Ctap2(dev)  # strict_cbor: python-fido2 rejects non-canonical CBOR
    info = ctap.get_info()
    out["info"] = {"versions": info.versions, "aaguid": info.aaguid.hex(), "options": info.options}

    rp = {"id": "example.com", "name": "Example"}
    user = {"id": b"user-1", "name": "ada@example.com", "displayName": "Ada"}
    cdh = hashlib.sha256(b"client data for create").digest()
    keepalives = []
    att = ctap.make_credential(cdh, rp, user, [{"type": "public-key", "alg": -7}], on_keepalive=keepalives.append)
    cred = att.auth_data.credential_data
    result = Attestation.for_type(att.fmt)().verify(att.att_statement, att.auth_data, cdh)
    out["create"] = {
        "fmt": att.fmt,
        "aaguid": cred.aaguid.hex(),
        "credentialId": cred.credential_id.hex(),
        "rpIdHashOk": att.auth_data.rp_id_hash == hashlib.sha256(b"example.com").digest(),
        "flags": att.auth_data.flags,
        "alg": cred.public_key.ALGORITHM,
        "attestationType": result.attestation_type.name,
        "keepalives": [int(k) for k in keepalives],
    }

    cdh2 = hashlib.sha256(b"client data for get").digest()
    assertion = ctap.get_assertion("example.com", cdh2, [{"type": "public-key", "id": cred.credential_id}])
    assertion.verify(cdh2, cred.public_key)  # raises InvalidSignature on a bad signature
    tampered = bytearray(cdh2)
    tampered[0] ^= 1
    try:
        assertion.verify(bytes(tampered), cred.public_key)
        rejects_tampered = False
    except Exception:
        rejects_tampered = True
    out["get"] = {
        "verified": True,
        "rejectsTampered": rejects_tampered,
        "credentialId": assertion.credential["id"].hex(),
        "counter": assertion.auth_data.counter,
        "flags": assertion.auth_data.flags,
    }

    # CTAPHID_CANCEL: python-fido2 sends it when the event is set; the request ends with KEEPALIVE_CANCEL.
    event = threading.Event()
    threading.Timer(0.15, event.set).start()
    try:
        ctap.make_credential(cdh, rp, user, [{"type": "public-key", "alg": -7}], event=event)
        out["cancel"] = "not cancelled"
    except CtapError as e:
        out["cancel"] = e.code.name if hasattr(e.code, "name") else int(e.code)

    dev.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]))
