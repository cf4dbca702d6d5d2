#!/usr/bin/env python3
"""Register and sign in with a passkey from a Python Selenium test, through the vfido sidecar.

The browser is a Chromium already running with --remote-debugging-port, with `vfido attach --cdp <port>`
attached to it (see README.md). Selenium connects to that browser through chromedriver with the
`debuggerAddress` option; every page it loads then talks to the vfido authenticator (its preset's AAGUID
and attestation) instead of a real one.

The relying party is any server that speaks the usual four JSON endpoints (the shape of most WebAuthn
servers built on @simplewebauthn/server, py_webauthn or java-webauthn-server):

    POST {rp}/register/options  -> PublicKeyCredentialCreationOptionsJSON
    POST {rp}/register/verify   <- RegistrationResponseJSON      -> {"verified": true, ...}
    POST {rp}/login/options     -> PublicKeyCredentialRequestOptionsJSON
    POST {rp}/login/verify      <- AuthenticationResponseJSON    -> {"verified": true, ...}

Here Python fetches the options and posts the responses itself, and the page only runs the ceremony with
@simplewebauthn/browser (loaded by the page as SimpleWebAuthnBrowser); in your suite the page's own
buttons do all of this. Needs only Debian's python3-selenium and chromium-driver:

    /usr/bin/python3 passkey_example.py --debugger-address 127.0.0.1:9222 \\
        --url http://localhost:8000/ --rp http://localhost:8000/api

Prints one JSON object: what the RP answered to each step, and how long each ceremony took in the page
(Selenium round trip included). Exit code 0 when both are verified.
"""
import argparse
import json
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMEDRIVER = '/usr/bin/chromedriver'

# Run a @simplewebauthn/browser ceremony in the page; the last argument is Selenium's async callback.
CEREMONY = """
const [kind, optionsJSON, done] = arguments;
const swa = globalThis.SimpleWebAuthnBrowser;
const call = kind === 'register' ? swa.startRegistration({ optionsJSON }) : swa.startAuthentication({ optionsJSON });
call.then((response) => done({ ok: true, response }), (e) => done({ ok: false, name: e.name, code: e.code, message: e.message }));
"""


def connect(debugger_address: str, chromedriver: str = CHROMEDRIVER) -> webdriver.Chrome:
    """A Selenium session on the Chromium listening at debugger_address (host:port); quit() leaves it running."""
    options = webdriver.ChromeOptions()
    options.add_experimental_option('debuggerAddress', debugger_address)
    return webdriver.Chrome(service=Service(chromedriver), options=options)


def post_json(url: str, body: object) -> dict:
    """POST JSON to the RP and return its JSON answer."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={'content-type': 'application/json'})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def ceremony(driver: webdriver.Chrome, kind: str, options: dict) -> dict:
    """startRegistration / startAuthentication in the current page: the response JSON, or raises with the page's error."""
    outcome = driver.execute_async_script(CEREMONY, kind, options)
    if not outcome['ok']:
        raise RuntimeError(f"{kind} failed in the page: {outcome['name']}: {outcome['message']}")
    return outcome['response']


def register_and_sign_in(driver: webdriver.Chrome, url: str, rp: str, user: str = 'ada@example.com') -> dict:
    """Open the RP page, register a passkey, sign in with it; what the RP answered to each step."""
    driver.set_script_timeout(30)
    driver.get(url)
    options = post_json(f'{rp}/register/options', {'username': user})
    started = time.perf_counter()
    registration = ceremony(driver, 'register', options)
    register_ms = (time.perf_counter() - started) * 1000
    registered = post_json(f'{rp}/register/verify', registration)
    options = post_json(f'{rp}/login/options', {'username': user})
    started = time.perf_counter()
    authentication = ceremony(driver, 'login', options)
    sign_in_ms = (time.perf_counter() - started) * 1000
    signed_in = post_json(f'{rp}/login/verify', authentication)
    return {'registered': registered, 'signedIn': signed_in, 'credentialId': registration['id'],
            'ms': {'register': round(register_ms, 1), 'signIn': round(sign_in_ms, 1)}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--debugger-address', required=True, help='host:port of Chromium --remote-debugging-port')
    parser.add_argument('--url', required=True, help='a page of the RP that loads @simplewebauthn/browser')
    parser.add_argument('--rp', required=True, help='base URL of the RP JSON endpoints')
    parser.add_argument('--chromedriver', default=CHROMEDRIVER)
    args = parser.parse_args()
    driver = connect(args.debugger_address, args.chromedriver)
    try:
        result = register_and_sign_in(driver, args.url, args.rp)
        result['chromedriverPid'] = driver.service.process.pid
    finally:
        driver.quit()  # ends chromedriver; a browser reached through debuggerAddress keeps running
    print(json.dumps(result))
    return 0 if result['registered'].get('verified') and result['signedIn'].get('verified') else 1


if __name__ == '__main__':
    sys.exit(main())
