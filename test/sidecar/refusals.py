#!/usr/bin/env python3
"""Test driver of test/sidecar/sidecar.test.ts: runs ceremonies the browser must refuse (or allow) in a
Chromium reached through chromedriver's debuggerAddress, with or without the vfido sidecar attached, and
prints each page-side outcome as JSON. Uses the example's own Selenium helpers.

    /usr/bin/python3 refusals.py '<json: {"debuggerAddress": "...", "cases": [...]}>'

A case is {"name", "url", "frame": bool (run in the page's iframe #f, after a click in it), "kind": "register" |
"login" (a @simplewebauthn/browser ceremony with "options") | "script" (the page-side async function whose source
is "source", called with "options")}. Output:
{"chromedriverPid": n, "outcomes": {name: outcome}}.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'python-selenium'))
from passkey_example import CEREMONY, connect  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

# Runs the page-side function source a "script" case carries (the shared driver suite's forged-origin attempt)
# with the case's options; the last argument is Selenium's async callback.
RUN_SOURCE = """
const [source, arg, done] = arguments;
(0, eval)('(' + source + ')')(arg).then(done, (e) => done({ error: String(e) }));
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
            if case['kind'] == 'script':
                outcomes[case['name']] = driver.execute_async_script(RUN_SOURCE, case['source'], case['options'])
            else:
                outcomes[case['name']] = driver.execute_async_script(CEREMONY, case['kind'], case['options'])
            driver.switch_to.default_content()
        pid = driver.service.process.pid
    finally:
        driver.quit()
    print(json.dumps({'chromedriverPid': pid, 'outcomes': outcomes}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
