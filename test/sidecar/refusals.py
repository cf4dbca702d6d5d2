#!/usr/bin/env python3
"""Test driver of test/sidecar/sidecar.test.ts: runs ceremonies the browser must refuse (or allow) in a
Chromium reached through chromedriver's debuggerAddress, with or without the vfido sidecar attached, and
prints each page-side outcome as JSON. Uses the example's own Selenium helpers.

    /usr/bin/python3 refusals.py '<json: {"debuggerAddress": "...", "cases": [...]}>'

A case is {"name", "url", "frame": bool (run in the page's iframe #f, after a click in it), "kind": "register" | "forge",
"options": creation options JSON (register) | {"rpId": ...} (forge)}. Output:
{"chromedriverPid": n, "outcomes": {name: outcome}}.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'python-selenium'))
from passkey_example import CEREMONY, connect  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

# A page that tries to speak for another origin: calls every global that looks like an automation channel
# with a forged request (origin, key, policy all made up), then asks navigator.credentials.create() for an
# RP ID that is not its own (WebAuthn L3 5.1.3 step 7: SecurityError).
FORGE = """
const [kind, { rpId }, done] = arguments;
(async () => {
  const forged = JSON.stringify({ op: 'create', id: 'forged-1', key: 'guess', reply: 1,
    realm: { origin: 'https://' + rpId, ancestorOrigins: '', policy: { create: true, get: true }, id: 'x', activation: true },
    options: { rp: { id: rpId, name: 'victim' }, user: { id: 'AAAA', name: 'victim', displayName: 'victim' },
      challenge: 'AAAAAAAAAAAAAAAAAAAAAA', pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } });
  const called = [];
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (!/vfido|playwright|binding|cdp|selenium|webdriver/i.test(name)) continue;
    let v;
    try { v = globalThis[name]; } catch { continue; }
    if (typeof v !== 'function') continue;
    called.push(name);
    try { await Promise.race([v(forged), new Promise((r) => setTimeout(r, 500))]); } catch {}
  }
  let direct;
  try {
    await navigator.credentials.create({ publicKey: { rp: { id: rpId, name: 'victim' }, user: { id: new Uint8Array(8), name: 'v', displayName: 'v' },
      challenge: new Uint8Array(16), pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } });
    direct = 'created';
  } catch (e) { direct = e.name; }
  return { called, direct };
})().then(done, (e) => done({ error: String(e) }));
"""


def main() -> int:
    job = json.loads(sys.argv[1])
    driver = connect(job['debuggerAddress'])
    outcomes = {}
    try:
        driver.set_script_timeout(30)
        for case in job['cases']:
            driver.get(case['url'])
            if case.get('frame'):
                driver.switch_to.frame('f')
                # A real click (CDP input events) gives the frame the transient user activation a cross-origin
                # create() needs (WebAuthn L3 5.1.3 step 2), so only the permissions policy decides.
                driver.find_element(By.TAG_NAME, 'p').click()
            script = FORGE if case['kind'] == 'forge' else CEREMONY
            outcomes[case['name']] = driver.execute_async_script(script, case['kind'], case['options'])
            driver.switch_to.default_content()
        pid = driver.service.process.pid
    finally:
        driver.quit()
    print(json.dumps({'chromedriverPid': pid, 'outcomes': outcomes}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
