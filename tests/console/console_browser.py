#!/usr/bin/env python3
"""The operator console in a real browser (issue 15 §4).

Starts a real `lounge-central serve --demo` (SQLite, or PostgreSQL when LOUNGE_TEST_DB=postgresql), adds an operator
with `lounge-central operator add`, records visits through the terminal API, then drives Debian's headless Chromium
over the DevTools protocol (--remote-debugging-pipe: no extra Python package) with real input events: signs in, loads
every page, checks what it shows, suspends a member and checks that over the issuer API, checks that a member named
`<img src=x onerror=alert(1)>` is shown as text, and saves one PNG per page.

Usage: console_browser.py LOUNGE_CENTRAL [--screenshots DIR] [--chromium PATH]
Running as root, Chromium needs --no-sandbox (added then; its sandbox needs an unprivileged user).
"""
import argparse
import base64
import datetime
import zoneinfo
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

ISSUER_KEY = "console-test-issuer-key"
PASSWORD = "a long test password 7"
XSS_NAME = "<img src=x onerror=alert(1)>"


class Failure(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failure(what)
    print("PASS", what, flush=True)


# ---------------------------------------------------------------- central
class Central:
    def __init__(self, exe, workdir):
        self.exe = exe
        self.dir = workdir
        self.proc = None
        self.base = None
        self.db_args = ["--db", os.path.join(workdir, "central.sqlite")]
        self.pg_admin = None
        self.billing = False
        self.pg_name = None
        if os.environ.get("LOUNGE_TEST_DB") == "postgresql":
            with open(os.path.join(os.environ["LOUNGE_TEST_PG_DIR"], "url")) as f:
                self.pg_admin = f.read().strip()
            self.pg_name = "console_" + uuid.uuid4().hex[:16]
            subprocess.run(["psql", "-q", self.pg_admin, "-c", f"CREATE DATABASE {self.pg_name}"], check=True)
            url = self.pg_admin.rsplit("/", 1)[0] + "/" + self.pg_name
            self.db_args = ["--db", url, "--key-file", os.path.join(workdir, "seal.key")]

    def cli(self, *args, stdin=None):
        return subprocess.run([self.exe, *args, *self.db_args], input=stdin, capture_output=True, text=True,
                              timeout=60)

    def start(self):
        self.proc = subprocess.Popen([self.exe, "serve", "--demo", "--port", "0", "--bind", "127.0.0.1",
                                      "--issuer-key", ISSUER_KEY, *self.db_args],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"listening on (http://\S+)", line)
            if m:
                self.base = m.group(1)
                return
        raise Failure("lounge-central serve did not start")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.pg_name:
            subprocess.run(["psql", "-q", self.pg_admin, "-c", f"DROP DATABASE IF EXISTS {self.pg_name} WITH (FORCE)"])

    def http(self, method, path, body=None, token=ISSUER_KEY, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if token:
            req.add_header("Authorization", "Bearer " + token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                raw = r.read()
                return r.status, (json.loads(raw) if raw[:1] == b"{" else raw), dict(r.headers)
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, (json.loads(raw) if raw[:1] == b"{" else raw), dict(e.headers)


# ---------------------------------------------------------------- chromium over the DevTools pipe
class Browser:
    def __init__(self, chromium, profile):
        # fd 3: commands to the browser; fd 4: its replies and events (NUL-separated JSON).
        cmd_r, self.cmd_w = os.pipe()
        self.out_r, out_w = os.pipe()
        # Above 4, so that moving them to 3 and 4 in the child cannot overwrite one with the other.
        low = (cmd_r, out_w)
        cmd_r, out_w = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in low)
        for fd in low:
            os.close(fd)
        flags = ["--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
                 "--remote-debugging-pipe", "--user-data-dir=" + profile, "--window-size=1280,900"]
        if os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium's sandbox refuses to run as root

        def wire():
            os.dup2(cmd_r, 3)
            os.dup2(out_w, 4)

        self.log = open(os.path.join(os.path.dirname(profile), "chromium.log"), "w")
        self.proc = subprocess.Popen([chromium, *flags, "about:blank"], pass_fds=(3, 4), preexec_fn=wire,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        for fd in (cmd_r, out_w):
            os.close(fd)
        self.next_id = 0
        self.buffer = b""
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            for reply in self._read(deadline):
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise Failure(f"{method}: {reply['error']}")
                    return reply.get("result", {})
                self.events.append(reply)

    def _read(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("no answer from Chromium")
            ready, _, _ = select.select([self.out_r], [], [], left)
            if ready:
                chunk = os.read(self.out_r, 1 << 20)
                if not chunk:
                    raise Failure("Chromium closed the pipe")
                self.buffer += chunk
        out = []
        while b"\0" in self.buffer:
            raw, self.buffer = self.buffer.split(b"\0", 1)
            out.append(json.loads(raw))
        return out

    def open(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})

    def eval(self, expression):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise Failure(f"script error in {expression!r}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expression, what, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.eval(f"!!({expression})"):
                return
            # Pump events while waiting (and give the page time): one short DevTools round trip.
            self.send("Runtime.evaluate", {"expression": "new Promise(r => setTimeout(r, 50))", "awaitPromise": True})
        raise Failure(f"timed out waiting for {what}: {expression}")

    def navigate(self, url):
        self.send("Page.navigate", {"url": url})

    def click(self, selector):
        box = self.eval(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) return null; e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2]; }})()""")
        if not box:
            raise Failure(f"nothing to click at {selector}")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "clickCount": 1})

    def type(self, selector, text):
        self.click(selector)
        self.eval(f"document.querySelector({json.dumps(selector)}).select && "
                  f"document.querySelector({json.dumps(selector)}).select()")
        self.send("Input.insertText", {"text": text})

    def choose(self, selector, value):
        """A <select>: picks the option (as a user's choice fires `change`); a text field: types the value."""
        if self.eval(f"document.querySelector({json.dumps(selector)}).tagName") == "SELECT":
            self.eval(f"""(() => {{ const s = document.querySelector({json.dumps(selector)}); s.focus();
                s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change', {{bubbles: true}})); }})()""")
            if self.eval(f"document.querySelector({json.dumps(selector)}).value") != value:
                raise Failure(f"no option {value} in {selector}")
        else:
            self.type(selector, value)

    def key(self, key, code, keycode, text=None):
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": keycode}
        if text:
            down["text"] = text
        self.send("Input.dispatchKeyEvent", down)
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code,
                                             "windowsVirtualKeyCode": keycode})

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def problems(self, expected=()):
        """Uncaught exceptions, dialogs (an injected alert) and console errors (a CSP violation) seen so far, but for
        failed loads of the URLs in `expected` (refusals the test caused on purpose)."""
        out = []
        for e in self.events:
            m = e.get("method")
            if m == "Runtime.exceptionThrown":
                out.append("exception: " + json.dumps(e["params"]["exceptionDetails"])[:300])
            elif m == "Page.javascriptDialogOpening":
                out.append("dialog: " + e["params"].get("message", ""))
            elif m == "Log.entryAdded" and e["params"]["entry"]["level"] == "error":
                text = e["params"]["entry"].get("text", "")
                url = e["params"]["entry"].get("url", "")
                # Expected refusals the pages handle themselves (a wrong password answers 401).
                if "/console/api/" in url and ("401" in text or "Unauthorized" in text):
                    continue
                if "favicon" in url or any(url.startswith(x) for x in expected):
                    continue
                out.append("console: " + text + " " + url)
        return out

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Failure:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ---------------------------------------------------------------- the journey
def seed(central):
    """Visits at central through the terminal API (an enrolled desk at HKG redeems online), and a hostile name."""
    status, body, _ = central.http("POST", "/v1/issuer/enrollment-codes", {"resource": "HKG-T1-LOUNGE"})
    check(status == 201, "enrollment code for the test desk")
    status, enrolled, _ = central.http("POST", "/v1/terminal/enroll", {"code": body["code"]}, token=None)
    check(status == 200, "test desk enrolled")
    terminal = enrolled["terminalId"] + ":" + enrolled["secret"]
    # Two more desks elsewhere, for the fleet table.
    for resource in ("JFK-T4-LOUNGE", "HKG-T1-FT"):
        status, body, _ = central.http("POST", "/v1/issuer/enrollment-codes", {"resource": resource})
        if status == 201:
            central.http("POST", "/v1/terminal/enroll", {"code": body["code"]}, token=None)
    for member in ("M-1001", "M-1002"):
        status, qr, _ = central.http("GET", f"/v1/issuer/memberships/{member}/qr")
        status, r, _ = central.http("POST", "/v1/terminal/redeem",
                                    {"id": str(uuid.uuid4()), "code": qr["payload"], "partySize": 1,
                                     "staff": "A-1", "confirmAttention": True}, token=terminal)
        check(status == 200 and r["decision"]["recorded"], f"an online visit of {member} recorded")
    # A rate for GOLD at the lounge this month (its local month), where central bills (h/billing's endpoints).
    month = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Hong_Kong")).strftime("%Y-%m")
    status, _, _ = central.http("PUT", f"/v1/issuer/rates/GOLD/HKG-T1-LOUNGE/{month}",
                                {"perVisitMinor": 2500, "perGuestMinor": 1500, "currency": "USD"})
    central.billing = status == 200
    # An offline overdraw: the desk uploads two visits of a one-visit E-pass (central keeps both, flags the second).
    now = datetime.datetime.now(datetime.timezone.utc)
    visits = [{"id": str(uuid.uuid4()), "kind": "redeem", "credential": "E:E-2002", "resource": "HKG-T1-LOUNGE",
               "terminal": enrolled["terminalId"], "staff": "A-1", "partySize": 1,
               "uses": [{"module": "LOUNGE", "pool": "USAGES", "period": "V", "count": 1}],
               "at": (now - datetime.timedelta(seconds=90 - 30 * i)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
               "clockSource": "system", "verdict": "ACCEPT", "reason": "OK", "prevHash": "0" * 64, "hash": "1" * 64}
              for i in range(2)]
    status, r, _ = central.http("POST", "/v1/terminal/redemptions", {"redemptions": visits}, token=terminal)
    check(status == 200 and [x["status"] for x in r["results"]] == ["accepted", "conflict"],
          "an offline overdraw uploaded (accepted, then conflict)")
    status, m, _ = central.http("POST", "/v1/issuer/memberships", {"program": "GOLD", "holderName": XSS_NAME})
    check(status == 201, "a member named like an HTML tag registered")
    return m["membership"]["id"]


def run(args):
    work = tempfile.mkdtemp(prefix="console-browser-")
    central = Central(args.central, work)
    browser = None
    failed = False
    shots = args.screenshots
    os.makedirs(shots, exist_ok=True)
    try:
        r = central.cli("operator", "add", "tester", stdin=PASSWORD + "\n")
        check(r.returncode == 0, "lounge-central operator add tester")
        r = central.cli("operator", "add", "short", stdin="short\n")
        check(r.returncode == 64 and "password" in r.stderr, "a short password is refused")
        central.start()
        xss_id = seed(central)

        status, _, headers = central.http("GET", "/console/", token=None)
        csp = headers.get("Content-Security-Policy", "")
        check(status == 200 and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
              and headers.get("X-Content-Type-Options") == "nosniff", "console page with CSP and nosniff")
        status, _, _ = central.http("GET", "/v1/issuer/overdraws", token=None,
                                    headers={"Cookie": "lounge_console=forged"})
        check(status == 401, "a forged session cookie is refused")

        # Endpoints of other branches this central may lack: the pages say so, and the browser logs their 404s.
        expected_failures = []
        for path in ("/v1/issuer/terminals", "/v1/issuer/resources", "/v1/issuer/statements"):
            status, body, _ = central.http("GET", path)
            if status == 404 and isinstance(body, dict) and body.get("reason") == "no such endpoint":
                print("NOTE this central has no", path, flush=True)
                expected_failures.append(central.base + path)

        browser = Browser(args.chromium, os.path.join(work, "profile"))
        browser.open()
        base = central.base
        browser.navigate(base + "/console/")
        browser.wait("document.getElementById('login-view') && !document.getElementById('login-view').hidden",
                     "the sign-in form")
        check(browser.eval("getComputedStyle(document.getElementById('nav')).display") == "none"
              and browser.eval("getComputedStyle(document.getElementById('logout')).display") == "none",
              "no navigation before sign-in")
        browser.type("#login-name", "tester")
        browser.type("#login-password", "wrong password!!")
        browser.click("#login-submit")
        browser.wait("document.getElementById('login-error').textContent.includes('Wrong')", "the refusal")
        check(True, "a wrong password is refused in the page")
        browser.screenshot(os.path.join(shots, "console-login.png"))
        browser.type("#login-password", PASSWORD)
        browser.key("Enter", "Enter", 13, "\r")
        browser.wait("document.getElementById('who').textContent === 'tester'", "signed in")
        check(browser.eval("document.cookie") == "", "the session cookie is HttpOnly (not visible to scripts)")

        # Fleet (first page after sign-in)
        browser.wait("document.getElementById('page-title') && document.getElementById('page-title').textContent"
                     " === 'Fleet status' && !document.querySelector('#page .muted')", "the fleet page")
        fleet = browser.eval("document.getElementById('page').innerText")
        if browser.eval("!!document.getElementById('fleet-table')"):
            rows = browser.eval("[...document.querySelectorAll('#fleet-table tbody tr')].map(r => r.innerText)")
            check(any("HKG-T1-LOUNGE" in r for r in rows), "the fleet table lists the test desk")
        else:
            check("does not offer" in fleet, "the fleet page says what is missing: " + fleet[:120])
        browser.screenshot(os.path.join(shots, "console-fleet.png"))

        # Visits and the statement of the lounge this month
        browser.click("#nav-visits")
        browser.wait("document.getElementById('visits-form')", "the visits page")
        browser.choose("#visits-resource", "HKG-T1-LOUNGE")
        browser.click("#visits-form button")
        browser.wait("document.getElementById('statement') || document.querySelector('#visits-body .warn, "
                     "#visits-body .error, #statement-empty')", "the statement")
        if central.billing:
            totals = browser.eval("[...document.querySelectorAll('#statement tr.totals')].map(r => "
                                  "[...r.cells].map(c => c.textContent))")
            # One totals row per currency: GOLD has a USD rate, the others none (not billed yet).
            statement_visits = sum(int(t[1]) for t in totals)
            check(statement_visits >= 2 and any(t[0] == "Total USD" and t[9] == "25.00 USD" for t in totals),
                  f"the statement's totals count the visits, GOLD's in USD at its rate: {totals}")
            gold = browser.eval("[...document.querySelectorAll('#statement tbody tr')].map(r => "
                                "[...r.cells].map(c => c.textContent)).find(r => r[0] === 'GOLD')")
            check(gold is not None and gold[9] == "25.00 USD", f"GOLD's visit billed at its rate: {gold}")
            charts = browser.eval("[...document.querySelectorAll('#visits-body svg.chart')].map(s => s.dataset.total)")
            check(charts == [str(statement_visits)] * 2,
                  f"the per-day and per-hour charts (inline SVG) add up to the statement's {statement_visits} visits: "
                  f"{charts}")
        else:
            check("does not offer" in browser.eval("document.getElementById('visits-body').innerText"),
                  "the visits page says statements are missing")
        browser.screenshot(os.path.join(shots, "console-visits.png"))

        # Member look-up by id, usage history and chart
        browser.click("#nav-members")
        browser.wait("document.getElementById('member-query')", "the member search")
        browser.type("#member-query", "M-1001")
        browser.click("#member-find")
        browser.wait("document.getElementById('member-name')", "the member page")
        if "/v1/issuer/resources" not in " ".join(expected_failures):  # h/issuer's lists are here
            browser.click("#nav-members")
            browser.wait("document.getElementById('member-query')", "the member search")
            browser.type("#member-query", "Mei")
            browser.click("#member-find")
            browser.wait("document.querySelector('#member-list a')", "the name search's results")
            check(browser.eval("[...document.querySelectorAll('#member-list tbody tr')].map(r => r.cells[1].textContent)")
                  == ["Mei Ling Chan"], "a name prefix finds Mei Ling Chan")
            browser.click("#member-list a")
            browser.wait("document.getElementById('member-id')?.textContent === 'M-1001'", "her page from the list")
        check(browser.eval("document.getElementById('member-name').textContent") == "Mei Ling Chan",
              "member page shows Mei Ling Chan")
        check(browser.eval("document.querySelectorAll('#usage tbody tr').length") == 1, "one visit in the history")
        check(browser.eval("document.querySelector('svg.chart').dataset.total") == "1",
              "the visits chart (inline SVG) counts the visit")
        browser.screenshot(os.path.join(shots, "console-member.png"))

        # The action: suspend, seen over the issuer API
        browser.click("#suspend")
        browser.wait("document.getElementById('member-status') && "
                     "document.getElementById('member-status')?.textContent === 'SUSPENDED'", "the suspension")
        status, m, _ = central.http("GET", "/v1/issuer/memberships/M-1001")
        check(status == 200 and m["membership"]["status"] == "SUSPENDED", "suspended over the issuer API too")
        browser.click("#reactivate")
        browser.wait("document.getElementById('member-status')?.textContent === 'ACTIVE'", "the reactivation")

        # Hostile text is text
        browser.navigate(base + "/console/#/member/" + xss_id)
        browser.wait(f"document.getElementById('member-id')?.textContent === {json.dumps(xss_id)}",
                     "the hostile member's page")
        check(browser.eval("document.getElementById('member-name').textContent") == XSS_NAME,
              "the hostile name is shown literally")
        check(browser.eval("document.querySelectorAll('#page img').length") == 0, "and no <img> element was made")

        # Overdraws and replays
        browser.click("#nav-conflicts")
        browser.wait("document.getElementById('conflicts-summary')", "the conflicts page")
        check(browser.eval("document.getElementById('replays') !== null"), "a replay table")
        rows = browser.eval("[...document.querySelectorAll('#overdraws tbody tr')].map(r => "
                            "[...r.cells].map(c => c.textContent))")
        check(len(rows) == 1 and rows[0][1] == "E:E-2002" and rows[0][5] == "OVERDRAWN",
              f"the overdraw is listed: {rows}")
        browser.screenshot(os.path.join(shots, "console-conflicts.png"))

        # Enrollment QR
        browser.click("#nav-enroll")
        browser.wait("document.getElementById('enroll-resource')", "the enrollment page")
        browser.choose("#enroll-resource", "HKG-T1-LOUNGE")
        browser.click("#enroll-issue")
        browser.wait("document.getElementById('enroll-qr') && document.getElementById('enroll-qr').naturalWidth > 0",
                     "the enrollment QR")
        code = browser.eval("document.getElementById('enroll-code').textContent")
        check(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code or "") is not None,
              "an enrollment code and its QR image")
        status, enrolled, _ = central.http("POST", "/v1/terminal/enroll", {"code": code}, token=None)
        check(status == 200 and enrolled["resource"] == "HKG-T1-LOUNGE", "the code shown enrolls a desk")
        browser.screenshot(os.path.join(shots, "console-enroll.png"))

        problems = browser.problems(expected_failures)
        check(not problems, "no script error, dialog or CSP violation in the browser: " + "; ".join(problems))

        # Sign out: the session is gone at central too
        browser.click("#logout")
        browser.wait("!document.getElementById('login-view').hidden", "the sign-in form again")
        status = browser.eval("fetch('/v1/issuer/overdraws', {credentials: 'same-origin'}).then(r => r.status)")
        check(status == 401, "after sign-out the issuer API refuses the browser")
        print("console browser test: all checks passed", flush=True)
        return 0
    except Failure:
        failed = True
        # What the two processes said, for the CI log.
        if browser:
            print("---- the page:", browser.eval("document.body ? document.body.innerText.slice(0, 1500) : ''")
                  if browser.proc.poll() is None else "(Chromium has exited)", flush=True)
            browser.log.flush()
            with open(browser.log.name, errors="replace") as f:
                print("---- chromium.log (last lines):", *f.readlines()[-15:], sep="\n", flush=True)
        raise
    finally:
        if browser:
            browser.close()
        central.stop()
        if failed and central.proc and central.proc.stdout:
            print("---- lounge-central serve (last lines):", *central.proc.stdout.readlines()[-15:], sep="\n", flush=True)
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("central", help="path to lounge-central")
    p.add_argument("--screenshots", default=os.path.join(tempfile.gettempdir(), "console-screenshots"))
    p.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = p.parse_args()
    try:
        return run(args)
    except Failure as e:
        print("FAIL", e, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
