"""Interop driver: python-fido2 (Debian's 0.9.1) manages a vfido authenticator over CTAPHID.

Everything below is python-fido2's own code: ClientPin sets a PIN and gets pinUvAuthTokens with
permissions; CredentialManagement, LargeBlobs and Config drive authenticatorCredentialManagement,
authenticatorLargeBlobs and authenticatorConfig. The adapter (ctaphid_fido2.SocketConnection) only
moves 64-byte reports. Prints one JSON object for the TypeScript test to assert on.

Usage: /usr/bin/python3 ctaphid_credman.py <port> full|preview
  full:    a CTAP 2.1 model (credMgmt, largeBlobs, authnrCfg), e.g. yubikey-5-nfc
  preview: a CTAP 2.1-PRE model (credentialMgmtPreview only: command 0x41), e.g. yubikey-5c
"""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ctaphid_fido2 import open_device  # noqa: E402
from fido2.ctap import CtapError  # noqa: E402
from fido2.ctap2 import ClientPin, Config, Ctap2, CredentialManagement, LargeBlobs  # noqa: E402

PIN = "314159"
P = ClientPin.PERMISSION
R = CredentialManagement.RESULT


def sha256(data):
    return hashlib.sha256(data).digest()


def err(fn):
    """The CTAP error name fn raises, or 'OK'."""
    try:
        fn()
        return "OK"
    except CtapError as e:
        return e.code.name if hasattr(e.code, "name") else int(e.code)


def make_rk(ctap, client_pin, rp, user, large_blob_key=False):
    token = client_pin.get_pin_token(PIN, P.MAKE_CREDENTIAL, rp["id"])
    cdh = sha256(b"create " + user["id"])
    att = ctap.make_credential(
        cdh,
        rp,
        user,
        [{"type": "public-key", "alg": -7}],
        extensions={"largeBlobKey": True} if large_blob_key else None,
        options={"rk": True},
        pin_uv_param=client_pin.protocol.authenticate(token, cdh),
        pin_uv_protocol=client_pin.protocol.VERSION,
    )
    return att


def cose(key):
    """A COSE key (python-fido2 CoseKey dict) as JSON-friendly {label: hex or int}."""
    return {str(k): (v.hex() if isinstance(v, bytes) else v) for k, v in dict(key).items()}


def user_json(user):
    out = {k: v for k, v in user.items() if k != "id"}
    out["id"] = user["id"].hex()
    return out


def cred_json(c):
    return {
        "user": user_json(c[R.USER]),
        "credentialId": c[R.CREDENTIAL_ID]["id"].hex(),
        "type": c[R.CREDENTIAL_ID]["type"],
        "publicKey": cose(c[R.PUBLIC_KEY]),
        "credProtect": c.get(R.CRED_PROTECT),
        "largeBlobKey": c[R.LARGE_BLOB_KEY].hex() if R.LARGE_BLOB_KEY in c else None,
    }


def main(port, mode):
    out = {}
    dev = open_device(port)
    ctap = Ctap2(dev)
    out["optionsBefore"] = ctap.info.options
    client_pin = ClientPin(ctap)
    client_pin.set_pin(PIN)
    out["protocol"] = client_pin.protocol.VERSION

    ada = make_rk(ctap, client_pin, {"id": "example.com", "name": "Example"}, {"id": b"ada", "name": "ada@example.com", "displayName": "Ada"})
    bob = make_rk(ctap, client_pin, {"id": "example.com", "name": "Example"}, {"id": b"bob", "name": "bob@example.com", "displayName": "Bob"}, large_blob_key=(mode == "full"))
    cy = make_rk(ctap, client_pin, {"id": "other.org", "name": "Other"}, {"id": b"cy", "name": "cy@other.org"})
    made = {}
    for name, att in (("ada", ada), ("bob", bob), ("cy", cy)):
        cd = att.auth_data.credential_data
        made[name] = {
            "credentialId": cd.credential_id.hex(),
            "publicKey": cose(cd.public_key),
            "largeBlobKey": att.large_blob_key.hex() if att.large_blob_key else None,
        }
    out["made"] = made

    # --- Credential management (python-fido2 picks 0x0a for credMgmt, 0x41 for credentialMgmtPreview)
    cm_token = client_pin.get_pin_token(PIN, P.CREDENTIAL_MGMT)
    cm = CredentialManagement(ctap, client_pin.protocol, cm_token)
    meta = cm.get_metadata()
    out["metadata"] = {"existing": meta[R.EXISTING_CRED_COUNT], "remaining": meta[R.MAX_REMAINING_COUNT]}
    rps = cm.enumerate_rps()
    out["rps"] = sorted(
        ({"id": r[R.RP]["id"], "name": r[R.RP].get("name"), "hashOk": r[R.RP_ID_HASH] == sha256(r[R.RP]["id"].encode()), "total": r.get(R.TOTAL_RPS)} for r in rps),
        key=lambda r: r["id"],
    )
    out["nextRpAfterEnd"] = err(cm.enumerate_rps_next)
    creds = cm.enumerate_creds(sha256(b"example.com"))
    out["creds"] = sorted((cred_json(c) for c in creds), key=lambda c: c["user"]["id"])
    out["totalCredentials"] = creds[0].get(R.TOTAL_CREDENTIALS)
    out["noCredsRp"] = [cred_json(c) for c in cm.enumerate_creds(sha256(b"nowhere.example"))]
    bad = CredentialManagement(ctap, client_pin.protocol, os.urandom(32))
    out["badToken"] = err(bad.get_metadata)

    if mode == "full":
        cm.update_user_info({"id": ada.auth_data.credential_data.credential_id, "type": "public-key"}, {"id": b"ada", "name": "ada@new.example", "displayName": "Ada Lovelace"})
        out["afterUpdate"] = sorted((user_json(c[R.USER]) for c in cm.enumerate_creds(sha256(b"example.com"))), key=lambda u: u["id"])
    cm.delete_cred({"id": cy.auth_data.credential_data.credential_id, "type": "public-key"})
    meta = cm.get_metadata()
    out["afterDelete"] = {
        "existing": meta[R.EXISTING_CRED_COUNT],
        "remaining": meta[R.MAX_REMAINING_COUNT],
        "rps": sorted(r[R.RP]["id"] for r in cm.enumerate_rps()),
    }

    if mode == "full":
        # --- Large blobs, keyed by bob's largeBlobKey from makeCredential
        key = bob.large_blob_key
        lb_token = client_pin.get_pin_token(PIN, P.LARGE_BLOB_WRITE)
        lb = LargeBlobs(ctap, client_pin.protocol, lb_token)
        out["blobArrayBefore"] = lb.read_blob_array()
        lb.put_blob(key, b"vfido large blob for bob " * 8)
        out["blob"] = lb.get_blob(key).decode()
        out["blobOtherKey"] = lb.get_blob(os.urandom(32))
        out["blobEntries"] = len(lb.read_blob_array())
        unauth = LargeBlobs(ctap)  # no token: a PIN is set, so the write is refused
        out["blobWithoutToken"] = err(lambda: unauth.write_blob_array([]))
        lb.delete_blob(key)
        out["blobAfterDelete"] = lb.get_blob(key)
        out["blobEntriesAfterDelete"] = len(lb.read_blob_array())

        # --- Config
        cfg_token = client_pin.get_pin_token(PIN, P.AUTHENTICATOR_CFG)
        config = Config(ctap, client_pin.protocol, cfg_token)
        config.toggle_always_uv()
        out["alwaysUvOn"] = ctap.get_info().options.get("alwaysUv")
        config.toggle_always_uv()
        out["alwaysUvOff"] = ctap.get_info().options.get("alwaysUv")
        config.set_min_pin_length(min_pin_length=8, rp_ids=["example.com"])
        info = ctap.get_info()
        out["minPinLength"] = info.min_pin_length
        out["forcePinChange"] = info.force_pin_change
        out["lowerMinPin"] = err(lambda: config.set_min_pin_length(min_pin_length=6))
        out["configWithoutToken"] = err(lambda: Config(ctap).toggle_always_uv())

    dev.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
