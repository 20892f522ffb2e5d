#!/usr/bin/env python3
"""Checks a self-contained HTML file in a real headless Chromium (tests/browser/README.md).

Drives Debian's `chromium` through `chromedriver` (package `chromium-driver`) over the W3C WebDriver
HTTP API, using only the Python standard library. The page is loaded from its file:// URL twice: once
with JavaScript on and once with JavaScript off (the report must be readable without it; a probe
checks that scripting really is off). In each session the checker

  * asks the DOM for every --expect-selector / --expect-present / --expect-count / --expect-text and
    reports counts (--expect-selector also wants one match rendered with a non-zero size,
    --expect-text wants every match rendered with some text);
  * reads the page's DevTools Network events (chromedriver's performance log) and fails on any
    request or WebSocket whose URL is not the page itself or a data:, about: or blob: URL. Each
    attempt is logged before name resolution, so one that could never succeed is caught too;
  * fails on <link rel=preconnect|dns-prefetch|prefetch|preload...> and ping= attributes pointing
    elsewhere (they can open connections without a logged request);
  * sends all the browser's http(s)/ws(s) traffic to a local proxy that refuses everything and
    records it, and fails on attempts the Network events did not show (a Web Worker's), apart from
    the browser's own background traffic to its services (BROWSER_SERVICE_DOMAINS). Every other
    host name resolves to "not found": nothing leaves the machine while the check runs;
  * fails on SEVERE browser-console entries: uncaught JavaScript errors, console.error, security
    errors (--allow-console-errors to only list them).

With JavaScript on it also writes a screenshot (--screenshot, checked to be a valid, non-blank PNG)
and an A4 print through WebDriver's print command (--pdf, checked to be a PDF of at least one page,
at most --pdf-max-pages), and with --narrow-width narrows the window to check that the elements of
every --expect-visible-at-narrow are fully visible horizontally (not cut off by the window or by a
scrolling or clipping box), with a screenshot at that width (--narrow-screenshot). Before any of
this, the file's size is printed and checked against --max-bytes.

Exit status: 0 pass, 1 fail (every problem listed), 77 when chromium or chromedriver is not installed
(ctest's SKIP_RETURN_CODE) and the file is not over --max-bytes. With --expect-failure (self-tests)
0 means the check failed with exactly the kinds of problem listed, each with the text given.

Example:
  check_html.py report.html --screenshot out/report.png --full-page --pdf out/report.pdf \\
      --expect-selector 'table#headline' --expect-selector 'svg[data-chart=timeseries-gp]' \\
      --expect-text '#answer' --max-bytes 3000000 --pdf-max-pages 12 \\
      --narrow-width 768 --expect-visible-at-narrow 'table#headline th' --narrow-screenshot out/report.768.png
"""

import argparse
import base64
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib

EXIT_PASS, EXIT_FAIL, EXIT_SKIP = 0, 1, 77

# Kinds of problem; --expect-failure names one of these.
KINDS = ("network", "selector", "nojs-selector", "screenshot", "pdf", "console", "nojs", "browser", "size",
         "narrow")

# Window height for the narrow check (a tablet in portrait is 768 x 1024); only the width matters.
NARROW_HEIGHT = 1024

ALLOWED_SCHEMES = ("data", "about", "blob")

JS_OFF_PREFS = {"profile.managed_default_content_settings.javascript": 2}


def log(msg):
    print(f"check_html: {msg}", flush=True)


class Timeout(Exception):
    pass


class Interrupted(Exception):
    pass


class WebDriverError(Exception):
    pass


class Problems:
    """Problems found, merged across the two sessions: same kind and text -> one line, sessions listed."""

    def __init__(self):
        self.items = {}  # (kind, text) -> list of session labels

    def add(self, kind, text, session=None):
        assert kind in KINDS, kind
        sessions = self.items.setdefault((kind, text), [])
        if session and session not in sessions:
            sessions.append(session)

    def __bool__(self):
        return bool(self.items)

    def lines(self):
        out = []
        for (kind, text), sessions in self.items.items():
            where = f" [{', '.join(sessions)}]" if sessions else ""
            out.append((kind, f"{kind}: {text}{where}"))
        return out


# ----------------------------------------------------------------------------- processes and HTTP


def find_executable(explicit, candidates):
    for c in ([explicit] if explicit else candidates):
        path = c if os.path.sep in c else shutil.which(c)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent():
    """Asks the kernel to SIGKILL this process when its parent dies (PR_SET_PDEATHSIG = 1; kept
    across exec)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    except Exception:
        pass


def _chromedriver_preexec():
    # If this checker is killed outright (SIGKILL), the kernel kills chromedriver too.
    die_with_parent()
    os.setsid()  # own process group: chromedriver and the chromium it starts are killed as a group


# chromedriver starts the browser through this very script (see ChromeDriver.start), which execs the
# real binary with a parent-death signal set: so the browser dies with chromedriver, even when
# chromedriver and this checker are killed outright (chromedriver gives it no pipe to notice by).
BROWSER_ENV = "PCNSIM_CHECK_HTML_EXEC_BROWSER"


class ChromeDriver:
    """One chromedriver process on a free local port; sessions are opened and closed through it."""

    def __init__(self, path, workdir, http_timeout, browser):
        self.path = path
        self.browser = browser
        self.workdir = workdir
        self.http_timeout = http_timeout
        self.proc = None
        self.base = None
        self.sessions = []
        self.log_path = os.path.join(workdir, "chromedriver.log")

    def start(self):
        # --port=0 lets chromedriver pick a free port and print it (no race between parallel tests);
        # an older chromedriver that does not print it gets an explicit free port instead.
        for port_arg in ("--port=0", f"--port={free_port()}"):
            port = self._launch(port_arg)
            if port:
                self.base = f"http://127.0.0.1:{port}"
                return
            self._kill()
        raise WebDriverError(f"chromedriver did not start; its log: {self.log_tail()}")

    def _launch(self, port_arg):
        self.proc = subprocess.Popen(
            [self.path, port_arg, f"--log-path={self.log_path}", "--log-level=INFO"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, preexec_fn=_chromedriver_preexec, cwd=self.workdir,
            env=dict(os.environ, **{BROWSER_ENV: self.browser}))
        found = {}

        def read():
            for line in self.proc.stdout:
                m = re.search(r"started successfully on port (\d+)", line)
                if m and "port" not in found:
                    found["port"] = int(m.group(1))
            # keep reading to EOF so chromedriver never blocks on a full pipe

        threading.Thread(target=read, daemon=True).start()
        explicit = int(port_arg.split("=")[1])
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and self.proc.poll() is None:
            if "port" in found:
                return found["port"]
            if explicit and self._status_ok(explicit):
                return explicit
            time.sleep(0.05)
        return None

    def _status_ok(self, port):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=1) as r:
                return json.loads(r.read()).get("value", {}).get("ready", False)
        except Exception:
            return False

    def log_tail(self, n=25):
        try:
            with open(self.log_path, errors="replace") as f:
                return "\n" + "".join(f.readlines()[-n:])
        except OSError:
            return "(no log)"

    def request(self, method, path, body=None, timeout=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(req, timeout=timeout or self.http_timeout) as r:
                payload = json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            try:
                payload = json.loads(e.read() or b"{}")
            except ValueError:
                raise WebDriverError(f"{method} {path}: HTTP {e.code}") from None
        except (urllib.error.URLError, socket.timeout, ConnectionError) as e:
            raise WebDriverError(f"{method} {path}: {e}") from None
        value = payload.get("value")
        if isinstance(value, dict) and "error" in value:
            msg = str(value.get("message", "")).split("\n")[0]
            raise WebDriverError(f"{method} {path}: {value['error']}: {msg}")
        return value

    def new_session(self, capabilities):
        value = self.request("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}},
                             timeout=max(self.http_timeout, 60))
        sid = value["sessionId"]
        self.sessions.append(sid)
        return Session(self, sid, value.get("capabilities", {}))

    def close_session(self, sid):
        if sid in self.sessions:
            self.sessions.remove(sid)
            try:
                self.request("DELETE", f"/session/{sid}", timeout=10)
            except WebDriverError:
                pass

    def stop(self):
        for sid in list(self.sessions):
            self.close_session(sid)
        self._kill()

    def _kill(self):
        if not self.proc:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        # Whatever is left of the group (chromium and its helpers run in chromedriver's group).
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.proc = None


def kill_leftovers(marker):
    """SIGKILLs processes whose command line holds `marker` (this run's own temporary profile
    directory, so only browsers this checker started match)."""
    me = os.getpid()
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read()
        except OSError:
            continue
        if marker.encode() in cmdline:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


class BlockingProxy:
    """A local HTTP proxy that lets nothing through: it records each request (for https and wss
    only the CONNECT host:port is visible) and answers 403. The browser sends all its http(s) and
    ws(s) traffic here, so requests the page's Network events do not show (from a worker, or from
    the browser itself) are seen as well."""

    def __init__(self):
        self.hits = []
        self.lock = threading.Lock()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self.closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        try:
            conn.settimeout(3)
            data = b""
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            line = data.split(b"\r\n", 1)[0].decode("latin-1").strip()
            if line:
                parts = line.split()
                with self.lock:
                    self.hits.append((parts[0], parts[1] if len(parts) > 1 else "?"))
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        except OSError:
            pass
        finally:
            conn.close()

    def mark(self):
        with self.lock:
            return len(self.hits)

    def since(self, mark):
        with self.lock:
            return list(self.hits[mark:])

    def close(self):
        self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass


class Session:
    def __init__(self, driver, sid, caps):
        self.driver = driver
        self.sid = sid
        self.caps = caps

    def cmd(self, method, path, body=None, timeout=None):
        return self.driver.request(method, f"/session/{self.sid}{path}", body, timeout)

    def navigate(self, url):
        self.cmd("POST", "/url", {"url": url})

    def execute(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def execute_async(self, script, *args):
        return self.cmd("POST", "/execute/async", {"script": script, "args": list(args)})

    def cdp(self, command, params=None):
        return self.cmd("POST", "/goog/cdp/execute", {"cmd": command, "params": params or {}})

    def logs(self, kind):
        # chromedriver's log endpoint (not part of W3C; reading empties the buffer).
        return self.cmd("POST", "/se/log", {"type": kind}) or []

    def close(self):
        self.driver.close_session(self.sid)


# ----------------------------------------------------------------------------- file format checks


def human_bytes(n):
    """Decimal units, as the size limits are written (3 MB = 3,000,000 bytes)."""
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def png_info(data):
    """(width, height, distinct_rows) of a PNG, or raises ValueError. distinct_rows counts the
    different filtered scanlines: a single-colour image has only a handful."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("no PNG signature")
    pos, width, height, ihdr, idat = 8, 0, 0, None, []
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if len(chunk) != length:
            raise ValueError(f"truncated {ctype!r} chunk")
        if zlib.crc32(ctype + chunk) != struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]:
            raise ValueError(f"bad CRC in {ctype!r} chunk")
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", chunk)
            width, height = ihdr[0], ihdr[1]
        elif ctype == b"IDAT":
            idat.append(chunk)
        elif ctype == b"IEND":
            break
        pos += 12 + length
    if ihdr is None or pos == 8:
        raise ValueError("no IHDR chunk")
    if width <= 0 or height <= 0:
        raise ValueError(f"IHDR size {width}x{height}")
    raw = zlib.decompress(b"".join(idat))
    _, _, depth, colour, _, _, interlace = ihdr
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if channels is None:
        raise ValueError(f"colour type {colour}")
    if interlace:
        return width, height, None
    row = 1 + (width * channels * depth + 7) // 8
    if len(raw) != row * height:
        raise ValueError(f"image data is {len(raw)} bytes, expected {row * height}")
    distinct = len({raw[i:i + row] for i in range(0, len(raw), row)})
    return width, height, distinct


def pdf_pages(data):
    if not data.startswith(b"%PDF-"):
        raise ValueError("no %PDF- header")
    if b"%%EOF" not in data[-1024:]:
        raise ValueError("no %%EOF trailer")
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))
    counts = [int(c) for c in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(c) for c in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    return max([pages] + counts)


# ----------------------------------------------------------------------------- the check itself


def strip_fragment(url):
    return urllib.parse.unquote(urllib.parse.urldefrag(url)[0])


# Run in the page through WebDriver (DevTools), which works with the page's own JavaScript disabled.
# For [selector, wantText] pairs: matches, matches rendered with a non-zero size, and (wantText) how
# many have no rendered text: not rendered, or innerText (which leaves out what is not rendered, such
# as display:none children) blank.
SELECTOR_SCRIPT = """
const out = [];
for (const [sel, wantText] of arguments[0]) {
  let nodes;
  try { nodes = document.querySelectorAll(sel); }
  catch (e) { out.push({selector: sel, error: String(e.message || e)}); continue; }
  let rendered = 0, empty = 0;
  for (const n of nodes) {
    const r = n.getBoundingClientRect();
    const style = getComputedStyle(n);
    const shown = r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    if (shown) rendered++;
    if (wantText && !(shown && (n.innerText || '').trim())) empty++;
  }
  out.push({selector: sel, count: nodes.length, rendered: rendered, empty: empty});
}
return out;
"""

# <noscript> content is parsed as elements only when scripting is disabled for the document.
SCRIPTING_PROBE = """
const d = document.createElement('div');
d.innerHTML = '<noscript><i></i></noscript>';
return d.getElementsByTagName('i').length === 0;
"""

# Polled rather than awaited: with the page's JavaScript off, promise and animation-frame callbacks
# of injected scripts do not run either.
READY_SCRIPT = """
return document.readyState === 'complete' && (!document.fonts || document.fonts.status === 'loaded');
"""

SCROLL_SCRIPT = """
const h = Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
for (let y = 0; y <= h; y += Math.max(200, innerHeight / 2)) window.scrollTo(0, y);
window.scrollTo(0, h);
return h;
"""

# For one selector at the narrow width: each match, named by its text, and why it is cut off
# horizontally, if it is. Only the window is scrolled, and only vertically: scrollIntoView would also
# scroll a horizontally scrolling box to the element and hide exactly what this looks for.
# An element must lie within the client area (inside borders, without scrollbars) of every ancestor
# whose overflow-x hides or scrolls what sticks out, and within the window (window.scrollX is 0).
# <body>'s overflow is the viewport's unless <html> has its own, so it is then left to the window test.
NARROW_SCRIPT = """
const [sel, tol] = arguments;
let nodes;
try { nodes = Array.from(document.querySelectorAll(sel)); }
catch (e) { return {invalid: String(e.message || e)}; }  // not 'error': WebDriver's own error key
const vw = window.innerWidth;
const px = (x) => Math.round(x);
const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id
  : Array.from(el.classList).map((c) => '.' + c).join(''));
const label = (el, i) => {
  const t = (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim();
  return t ? (t.length > 40 ? t.slice(0, 39) + '...' : t) : name(el) + ' #' + (i + 1);
};
const viewportOwnsBodyOverflow = getComputedStyle(document.documentElement).overflowX === 'visible';
const clipper = (el, r) => {
  for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
    if (a === document.body && viewportOwnsBodyOverflow) continue;
    const ox = getComputedStyle(a).overflowX;
    if (!['hidden', 'auto', 'scroll', 'clip'].includes(ox)) continue;
    const left = a.getBoundingClientRect().left + a.clientLeft, right = left + a.clientWidth;
    if (r.left < left - tol || r.right > right + tol)
      return `outside ${name(a)}'s ${px(left)}-${px(right)} px (overflow-x: ${ox})`;
  }
  return '';
};
const items = nodes.map((el, i) => {
  window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - 10);
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  if (r.width === 0 || r.height === 0 || style.display === 'none' || style.visibility === 'hidden')
    return {text: label(el, i), cut: 'not rendered'};
  // The innermost box that cuts it off is named first: it is what hides the element.
  const by = clipper(el, r) || (r.left < -tol || r.right > vw + tol ? `outside the window's 0-${vw} px` : '');
  return {text: label(el, i), cut: by && `at ${px(r.left)}-${px(r.right)} px, ${by}`};
});
window.scrollTo(0, 0);
return {items: items};
"""

# Resource hints can open a connection (DNS, TCP, TLS) without a request the Network events show.
HINTS_SCRIPT = """
const out = [];
for (const l of document.querySelectorAll('link[rel][href]')) {
  const rel = l.rel.toLowerCase();
  if (/\\b(preconnect|dns-prefetch|prefetch|prerender|preload|modulepreload)\\b/.test(rel)) out.push([rel, l.href]);
}
for (const a of document.querySelectorAll('[ping]')) out.push(['ping', a.getAttribute('ping')]);
return out;
"""


def chrome_args(opts, profile_dir, js, proxy_port):
    w, h = opts.window_size
    args = [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        f"--window-size={w},{h}", f"--user-data-dir={profile_dir}",
        "--force-device-scale-factor=1", "--hide-scrollbars", "--mute-audio",
        "--disable-extensions", "--disable-component-update", "--disable-breakpad",
        "--disable-features=NetworkTimeServiceQuerying",  # chromedriver merges this with its own list
        "--no-default-browser-check", "--no-first-run",
    ]
    if not opts.no_block_network:
        # All http(s)/ws(s) traffic, loopback included, goes to the local blocking proxy, and every
        # other host name fails to resolve: attempts are still logged (requestWillBeSent comes
        # first), but nothing reaches a DNS server or the network, and no check waits on a timeout.
        args += [f"--proxy-server=http://127.0.0.1:{proxy_port}", "--proxy-bypass-list=<-loopback>",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
    else:
        args.append("--no-proxy-server")
    if not js:
        # Belt and braces with the content-setting pref below; the probe checks the result.
        args.append("--blink-settings=scriptEnabled=false")
    return args


def run_session(driver, proxy, opts, page_url, js, problems, workdir, report):
    label = "JS on" if js else "JS off"
    profile = tempfile.mkdtemp(prefix=f"profile-{'js' if js else 'nojs'}-", dir=workdir)
    caps = {
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": {"pageLoad": int(opts.page_timeout * 1000), "script": 10000, "implicit": 0},
        "goog:chromeOptions": {
            "binary": opts.browser_binary,
            "args": chrome_args(opts, profile, js, proxy.port),
            "prefs": {} if js else dict(JS_OFF_PREFS),
            "excludeSwitches": ["enable-logging"],
        },
        "goog:loggingPrefs": {"performance": "ALL", "browser": "ALL"},
        "goog:perfLoggingPrefs": {"enableNetwork": True, "enablePage": False},
    }
    t0 = time.monotonic()
    mark = proxy.mark()
    session = driver.new_session(caps)
    say = lambda msg: log(f"[{label}] {msg}")
    reported = []  # URLs already failed: the proxy hits they explain are not counted twice
    try:
        if js:
            report["browser"] = session.caps.get("browserVersion", "?")
            report["driver"] = session.caps.get("chrome", {}).get("chromedriverVersion", "?").split(" ")[0]
        # Start from a blank tab and throw away what the browser logged so far (its new-tab page),
        # so that the Network events read later belong to this page only.
        session.navigate("about:blank")
        # Exactly the requested viewport (the window of new headless is ~140 px taller than its page).
        set_viewport(session, *opts.window_size)
        session.logs("performance")
        session.logs("browser")

        t1 = time.monotonic()
        session.navigate(page_url)
        deadline = time.monotonic() + opts.page_timeout
        while not session.execute(READY_SCRIPT):
            if time.monotonic() > deadline:
                raise Timeout(f"page not loaded (readyState, fonts) after {opts.page_timeout:g} s")
            time.sleep(0.05)
        say(f"loaded in {time.monotonic() - t1:.2f} s (session start {t1 - t0:.2f} s)")

        scripting = session.execute(SCRIPTING_PROBE)
        if scripting != js:
            problems.add("nojs", "JavaScript could not be switched off in the browser "
                         "(noscript probe says scripting is on)" if not js else
                         "JavaScript is off in the session meant to have it on", label)
        else:
            say(f"scripting {'enabled' if js else 'disabled'} (noscript probe)")

        check_selectors(session, opts, js, problems, say)

        if js and opts.screenshot:
            take_screenshot(session, opts, opts.screenshot, problems, say, label)
        if not js and opts.screenshot_nojs:
            take_screenshot(session, opts, opts.screenshot_nojs, problems, say, label)
        if js and opts.pdf:
            print_pdf(session, opts, problems, say, report)

        if opts.dom_out:
            path = opts.dom_out if js else re.sub(r"(\.html?)?$", ".nojs.html", opts.dom_out, count=1)
            dom = session.execute("return document.documentElement.outerHTML")
            with open(path, "w", encoding="utf-8") as f:
                f.write("<!DOCTYPE html>\n" + dom)
            say(f"rendered DOM ({len(dom)} characters) written to {path}")

        # Before the scroll below, so that requests the narrow layout makes (media queries) are caught.
        if js and opts.narrow_width:
            check_narrow(session, opts, problems, say, label)

        # Scroll through the page so anything loaded lazily is requested too, then let it settle.
        session.execute(SCROLL_SCRIPT)
        time.sleep(opts.settle_ms / 1000)
        session.execute("window.scrollTo(0, 0)")

        for rel, href in session.execute(HINTS_SCRIPT) or []:
            if not allowed_url(href, page_url):
                reported.append(href)
                what = "ping attribute" if rel == "ping" else f"<link rel={rel}>"
                problems.add("network", f"{href} ({what}: may connect without a logged request)", label)

        reported += check_network(session.logs("performance"), page_url, problems, say, label)
        check_console(session.logs("browser"), opts, problems, say, label)
    finally:
        session.close()
        shutil.rmtree(profile, ignore_errors=True)
    if not opts.no_block_network:
        check_proxy(proxy.since(mark), reported, problems, say, label)


def set_viewport(session, width, height):
    session.cdp("Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def check_narrow(session, opts, problems, say, label):
    """At --narrow-width: every element of each --expect-visible-at-narrow lies fully within the
    window and within every box that clips or scrolls it horizontally; a screenshot at that width.
    The window is set back to --window-size afterwards."""
    set_viewport(session, opts.narrow_width, NARROW_HEIGHT)
    try:
        deadline = time.monotonic() + 5
        while session.execute("return window.innerWidth") != opts.narrow_width:
            if time.monotonic() > deadline:
                problems.add("narrow", f"the window could not be narrowed to {opts.narrow_width} px", label)
                return
            time.sleep(0.05)
        for sel in opts.expect_visible_at_narrow:
            check_visible_at_narrow(session, sel, opts.narrow_width, problems, say, label)
        if opts.narrow_screenshot:
            take_screenshot(session, opts, opts.narrow_screenshot, problems, say, label)
    finally:
        set_viewport(session, *opts.window_size)


def check_visible_at_narrow(session, sel, width, problems, say, label):
    res = session.execute(NARROW_SCRIPT, sel, 0.5)
    where = f"at {width} px wide"
    if "invalid" in res:
        problems.add("narrow", f"invalid selector {sel!r}: {res['invalid']}", label)
        return
    items = res["items"]
    cut = [f"{i['text']!r} {i['cut']}" for i in items if i["cut"]]
    say(f"{where}: {sel!r}: {len(items)} match(es), {len(items) - len(cut)} fully visible")
    if not items:
        problems.add("narrow", f"{where}: {sel!r}: no match", label)
    elif cut:
        problems.add("narrow", f"{where}, {len(cut)} of {len(items)} matches of {sel!r} are cut off: "
                     + "; ".join(cut), label)


def check_selectors(session, opts, js, problems, say):
    kind = "selector" if js else "nojs-selector"
    wanted = ([(s, "rendered", None) for s in opts.expect_selector]
              + [(s, "present", None) for s in opts.expect_present]
              + [(s, "count", int(n)) for n, s in opts.expect_count]
              + [(s, "text", None) for s in opts.expect_text])
    if not wanted:
        return
    results = session.execute(SELECTOR_SCRIPT, [[s, how == "text"] for s, how, _ in wanted])
    for (sel, how, n), res in zip(wanted, results):
        if "error" in res:
            problems.add(kind, f"invalid selector {sel!r}: {res['error']}")
            continue
        count, rendered, empty = res["count"], res["rendered"], res["empty"]
        text = f", {count - empty} with rendered text" if how == "text" else ""
        say(f"selector {sel!r}: {count} match(es), {rendered} rendered with a non-zero size{text}")
        if how == "count":
            if count != n:
                problems.add(kind, f"selector {sel!r}: {count} match(es), expected exactly {n}")
        elif count == 0:
            problems.add(kind, f"selector {sel!r}: no match in the rendered DOM")
        elif how == "rendered" and rendered == 0:
            problems.add(kind, f"selector {sel!r}: {count} match(es) but none is rendered "
                         "(zero size, display:none or visibility:hidden)")
        elif how == "text" and empty:
            problems.add(kind, f"selector {sel!r}: {empty} of {count} match(es) without rendered text "
                         "(blank, or not rendered)")


def take_screenshot(session, opts, path, problems, say, label):
    try:
        if opts.full_page:
            data = base64.b64decode(session.cdp("Page.captureScreenshot",
                                                {"format": "png", "captureBeyondViewport": True})["data"])
        else:
            data = base64.b64decode(session.cmd("GET", "/screenshot"))
    except WebDriverError as e:
        problems.add("screenshot", f"no screenshot: {e}", label)
        return
    with open(path, "wb") as f:
        f.write(data)
    try:
        width, height, distinct = png_info(data)
    except (ValueError, zlib.error, struct.error) as e:
        problems.add("screenshot", f"{path} is not a valid PNG: {e}", label)
        return
    say(f"screenshot {path}: {width}x{height} PNG, {len(data)} bytes, {distinct} distinct rows")
    if len(data) < opts.min_png_bytes:
        problems.add("screenshot", f"{path} is only {len(data)} bytes (< {opts.min_png_bytes})", label)
    if distinct is not None and distinct < opts.min_distinct_rows:
        problems.add("screenshot", f"{path} looks blank: {distinct} distinct pixel rows "
                     f"(< {opts.min_distinct_rows})", label)


def print_pdf(session, opts, problems, say, report):
    body = {"page": {"width": 21.0, "height": 29.7}, "orientation": "portrait",
            "background": opts.pdf_background, "shrinkToFit": True}
    try:
        data = base64.b64decode(session.cmd("POST", "/print", body))
    except WebDriverError as e:
        problems.add("pdf", f"WebDriver print failed: {e}")
        return
    with open(opts.pdf, "wb") as f:
        f.write(data)
    try:
        pages = pdf_pages(data)
    except ValueError as e:
        problems.add("pdf", f"{opts.pdf} is not a valid PDF: {e}")
        return
    report["pdf"] = f"{pages} A4 page{'' if pages == 1 else 's'}, {human_bytes(len(data))}"
    say(f"pdf: {report['pdf']} ({len(data):,} bytes), {opts.pdf}")
    if pages < 1:
        problems.add("pdf", f"{opts.pdf} has no pages")
    if opts.pdf_max_pages and pages > opts.pdf_max_pages:
        problems.add("pdf", f"{opts.pdf} has {pages} A4 pages (> {opts.pdf_max_pages})")


def allowed_url(url, page_url):
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    return scheme in ALLOWED_SCHEMES or strip_fragment(url) == strip_fragment(page_url)


def check_network(entries, page_url, problems, say, label):
    events = []
    for e in entries:
        try:
            events.append(json.loads(e["message"])["message"])
        except (KeyError, ValueError, TypeError):
            continue
    # Start from this page's own document request; anything before it belongs to about:blank.
    start = None
    for i, m in enumerate(events):
        p = m.get("params", {})
        if (m.get("method") == "Network.requestWillBeSent" and p.get("type") == "Document"
                and strip_fragment(p.get("request", {}).get("url", "")) == strip_fragment(page_url)):
            start = i
            break
    if start is None:
        problems.add("browser", "the page's own request is missing from the performance log, so other "
                     "requests cannot be checked", label)
        return
    failed = {}
    for m in events[start:]:
        if m.get("method") == "Network.loadingFailed":
            p = m.get("params", {})
            failed[p.get("requestId")] = " ".join(filter(None, [
                p.get("errorText", ""), f"blocked: {p['blockedReason']}" if p.get("blockedReason") else ""]))
    total, outside = 0, []
    for m in events[start:]:
        method, p = m.get("method"), m.get("params", {})
        if method == "Network.requestWillBeSent":
            total += 1
            url = p.get("request", {}).get("url", "")
            if not allowed_url(url, page_url):
                outside.append((url, p.get("type", "?"), failed.get(p.get("requestId"), "")))
        elif method == "Network.webSocketCreated":
            total += 1
            outside.append((p.get("url", ""), "WebSocket", ""))
    say(f"{total} request(s) in the page's Network events, {len(outside)} leaving the page")
    for url, rtype, err in outside:
        extra = f", {err}" if err else ""
        problems.add("network", f"{url} ({rtype}{extra})", label)
    return [url for url, _, _ in outside]


def proxy_target_host(method, target):
    """host:port a proxy request is for (CONNECT host:port, or an absolute http:// URL)."""
    if method == "CONNECT":
        return target.lower()
    u = urllib.parse.urlsplit(target)
    return f"{(u.hostname or '').lower()}:{u.port or (443 if u.scheme in ('https', 'wss') else 80)}"


def url_host(url):
    u = urllib.parse.urlsplit(url)
    default = 443 if u.scheme in ("https", "wss") else 80
    try:
        port = u.port or default
    except ValueError:
        port = default
    return f"{(u.hostname or '').lower()}:{port}"


# Chromium's own background traffic (component updater, account checks, the default search
# engine's preconnect) still reaches the proxy despite the switches that turn most of it off. It is
# not the page's doing; hits on these domains are logged, not failed. A page's own request to one of
# them (say fonts.googleapis.com) is still caught through the page's Network events.
BROWSER_SERVICE_DOMAINS = ("google.com", "googleapis.com", "gstatic.com", "gvt1.com", "gvt2.com",
                           "duckduckgo.com")


def is_browser_service(hostport):
    host = hostport.rsplit(":", 1)[0]
    return any(host == d or host.endswith("." + d) for d in BROWSER_SERVICE_DOMAINS)


def check_proxy(hits, reported_urls, problems, say, label):
    """Requests that reached the blocking proxy but are missing from the page's Network events:
    from a worker, or from the browser itself."""
    explained = {url_host(u) for u in reported_urls}
    other, service = [], []
    for method, target in hits:
        host = proxy_target_host(method, target)
        if host in explained:
            continue
        (service if is_browser_service(host) else other).append((method, target, host))
    say(f"{len(hits)} connection attempt(s) at the blocking proxy: {len(hits) - len(other) - len(service)} "
        f"from requests listed above, {len(service)} from the browser's own services "
        f"({', '.join(sorted({h for _, _, h in service})) or 'none'}; ignored), {len(other)} other")
    for method, target, _ in other:
        problems.add("network", f"{target} (reached the blocking proxy as {method} but is not in the "
                     "page's Network events: a Web Worker, or the browser itself)", label)


def check_console(entries, opts, problems, say, label):
    severe = [e for e in entries if e.get("level") == "SEVERE" and e.get("source") != "network"]
    for e in severe:
        text = f"{e.get('source', '?')}: {e.get('message', '')}"
        if opts.allow_console_errors:
            say(f"console error (allowed): {text}")
        else:
            problems.add("console", text, label)


# ----------------------------------------------------------------------------- main


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Check a self-contained HTML file in headless Chromium (see the module docstring).")
    ap.add_argument("html", help="the HTML file to check")
    ap.add_argument("--expect-selector", action="append", default=[], metavar="CSS",
                    help="at least one element matches and is rendered with a non-zero size (both sessions)")
    ap.add_argument("--expect-present", action="append", default=[], metavar="CSS",
                    help="at least one element matches (rendered or not)")
    ap.add_argument("--expect-count", action="append", nargs=2, default=[], metavar=("N", "CSS"),
                    help="exactly N elements match")
    ap.add_argument("--expect-text", action="append", default=[], metavar="CSS",
                    help="at least one element matches, and every match is rendered with some text "
                         "(innerText, trimmed; both sessions)")
    ap.add_argument("--max-bytes", type=int, default=0, metavar="N",
                    help="fail when the HTML file is larger than N bytes")
    ap.add_argument("--narrow-width", type=int, default=0, metavar="W",
                    help=f"also check the page in a window W x {NARROW_HEIGHT} CSS px (JavaScript on)")
    ap.add_argument("--expect-visible-at-narrow", action="append", default=[], metavar="CSS",
                    help="at --narrow-width, at least one element matches and every match is fully "
                         "visible horizontally: within the window and not clipped or scrolled out of "
                         "sight by an overflow box")
    ap.add_argument("--narrow-screenshot", metavar="PNG",
                    help="write a screenshot at --narrow-width (whole page with --full-page) and check it")
    ap.add_argument("--screenshot", metavar="PNG", help="write a screenshot (JavaScript on) and check it")
    ap.add_argument("--screenshot-nojs", metavar="PNG", help="also a screenshot with JavaScript off")
    ap.add_argument("--full-page", action="store_true",
                    help="screenshots of the whole page rather than the window (DevTools capture)")
    ap.add_argument("--pdf", metavar="PDF", help="print to A4 through WebDriver and check the PDF")
    ap.add_argument("--pdf-max-pages", type=int, default=0, metavar="N", help="fail above N A4 pages")
    ap.add_argument("--pdf-background", action="store_true", help="print background colours and images")
    ap.add_argument("--dom-out", metavar="HTML",
                    help="write the rendered DOM (JS off: same name ending .nojs.html)")
    ap.add_argument("--no-nojs", action="store_true", help="skip the session with JavaScript off")
    ap.add_argument("--allow-console-errors", action="store_true",
                    help="report JavaScript errors / console.error without failing")
    ap.add_argument("--no-block-network", action="store_true",
                    help="no blocking proxy, real name resolution: requests really go out (they are "
                         "still detected and fail the check); for debugging")
    ap.add_argument("--window-size", default="1280x2000", metavar="WxH",
                    help="viewport size in CSS pixels (default 1280x2000)")
    ap.add_argument("--settle-ms", type=int, default=500, metavar="MS",
                    help="wait after loading and scrolling, for late requests (default 500)")
    ap.add_argument("--min-png-bytes", type=int, default=2048, metavar="N",
                    help="smallest acceptable screenshot file (default 2048)")
    ap.add_argument("--min-distinct-rows", type=int, default=5, metavar="N",
                    help="fewer different pixel rows than this means a blank screenshot (default 5)")
    ap.add_argument("--page-timeout", type=float, default=20.0, metavar="S", help="seconds to load the page (default 20)")
    ap.add_argument("--timeout", type=float, default=50.0, metavar="S",
                    help="seconds for the whole check, after which everything is killed (default 50)")
    ap.add_argument("--chromium", metavar="PATH", help="browser binary (default /usr/lib/chromium/chromium, else chromium)")
    ap.add_argument("--chromedriver", metavar="PATH", help="chromedriver binary (default chromedriver on PATH)")
    ap.add_argument("--keep-workdir", action="store_true",
                    help="keep the temporary directory (chromedriver.log) for debugging")
    ap.add_argument("--expect-failure", action="append", default=[], metavar="KIND[=TEXT]",
                    help="self-tests: pass only if the check fails with exactly these kinds of problem, "
                         f"each with a message containing TEXT; kinds: {', '.join(KINDS)}")
    opts = ap.parse_args(argv)
    m = re.fullmatch(r"(\d+)[x,](\d+)", opts.window_size)
    if not m:
        ap.error("--window-size must look like 1280x2000")
    opts.window_size = (int(m.group(1)), int(m.group(2)))
    expectations = []
    for e in opts.expect_failure:
        kind, _, text = e.partition("=")
        if kind not in KINDS:
            ap.error(f"--expect-failure: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        expectations.append((kind, text))
    opts.expectations = expectations
    if (opts.expect_visible_at_narrow or opts.narrow_screenshot) and opts.narrow_width <= 0:
        ap.error("--expect-visible-at-narrow and --narrow-screenshot need --narrow-width W")
    for n, _ in opts.expect_count:
        if not n.isdigit():
            ap.error(f"--expect-count N CSS: N must be a number, not {n!r}")
    return opts


def verdict(problems, opts):
    lines = problems.lines()
    if not opts.expectations:
        if not lines:
            log("PASS")
            return EXIT_PASS
        log(f"FAIL: {len(lines)} problem(s)")
        for _, line in lines:
            print(f"  - {line}", flush=True)
        return EXIT_FAIL
    # Self-test mode: the check must fail, with exactly the expected kinds, and each expectation
    # must match some problem's text.
    for _, line in lines:
        print(f"  - {line}", flush=True)
    wrong = []
    for kind, text in opts.expectations:
        if not any(k == kind and text in line for k, line in lines):
            wrong.append(f"expected a {kind} problem" + (f" mentioning {text!r}" if text else "") + ", none seen")
    expected_kinds = {k for k, _ in opts.expectations}
    for k, line in lines:
        if k not in expected_kinds:
            wrong.append(f"unexpected problem: {line}")
    if wrong:
        log("SELF-TEST FAIL: the check did not fail the way --expect-failure says")
        for w in wrong:
            print(f"  * {w}", flush=True)
        return EXIT_FAIL
    log(f"PASS (failed as expected: {', '.join(e for e in opts.expect_failure)})")
    return EXIT_PASS


def check_size(html, opts, problems):
    size = os.path.getsize(html)
    log(f"html: {human_bytes(size)} ({size:,} bytes)")
    if opts.max_bytes and size > opts.max_bytes:
        problems.add("size", f"{opts.html} is {size:,} bytes ({human_bytes(size)}), "
                     f"over --max-bytes {opts.max_bytes:,}")
    return human_bytes(size)


def main(argv):
    opts = parse_args(argv)
    started = time.monotonic()
    html = os.path.abspath(opts.html)
    if not os.path.isfile(html):
        log(f"FAIL: {opts.html}: no such file")
        return EXIT_FAIL
    problems = Problems()
    report = {"html": check_size(html, opts, problems)}
    chromedriver = find_executable(opts.chromedriver, ["chromedriver", "/usr/bin/chromedriver"])
    # The real binary rather than Debian's /usr/bin/chromium wrapper script: the wrapper adds flags
    # from /etc/chromium.d (remote extensions, GPU rasterisation) this check does not want.
    chromium = find_executable(opts.chromium, ["/usr/lib/chromium/chromium", "chromium", "chromium-browser"])
    if not chromedriver or not chromium:
        missing = " and ".join(n for n, p in (("chromium", chromium), ("chromedriver", chromedriver)) if not p)
        log(f"{'browser checks skipped' if problems else 'SKIP'}: {missing} not found "
            "(Debian: apt-get install chromium chromium-driver)")
        # A file that is too large fails without a browser too.
        return verdict(problems, opts) if problems else EXIT_SKIP
    opts.chromium_path = chromium
    me = os.path.abspath(__file__)
    # chromedriver runs `binary` directly, so the relay needs this file to be executable.
    relay = me if os.access(me, os.X_OK) else None
    opts.browser_binary = relay or chromium
    page_url = "file://" + urllib.parse.quote(html)

    workdir = tempfile.mkdtemp(prefix="pcnsim-browser-")
    driver = ChromeDriver(chromedriver, workdir, http_timeout=max(10.0, opts.page_timeout + 10),
                          browser=chromium)
    proxy = BlockingProxy()

    def on_alarm(signum, frame):
        raise Timeout(f"the whole check took longer than --timeout {opts.timeout:g} s")

    def on_signal(signum, frame):
        raise Interrupted(f"stopped by signal {signum}")

    signal.signal(signal.SIGALRM, on_alarm)
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, on_signal)
    signal.setitimer(signal.ITIMER_REAL, opts.timeout)
    interrupted = False
    try:
        log(f"page {page_url}")
        driver.start()
        for js in ([True] if opts.no_nojs else [True, False]):
            run_session(driver, proxy, opts, page_url, js, problems, workdir, report)
            if js:
                log(f"Chromium {report.get('browser')}, ChromeDriver {report.get('driver')}")
    except (Timeout, WebDriverError) as e:
        problems.add("browser", f"{e}; chromedriver log:{driver.log_tail(15)}")
    except Interrupted as e:
        problems.add("browser", str(e))
        interrupted = True
    except Exception as e:  # a bug here, or an answer from chromedriver this script did not expect
        import traceback
        traceback.print_exc()
        problems.add("browser", f"unexpected error: {e!r}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)  # do not leave browsers behind half-way through cleanup
        driver.stop()
        proxy.close()
        kill_leftovers(workdir)
        if opts.keep_workdir:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    log(f"done in {time.monotonic() - started:.1f} s")
    log("summary: " + "; ".join(f"{k} {report[k]}" for k in ("html", "pdf") if k in report))
    code = verdict(problems, opts)
    return EXIT_FAIL if interrupted else code


if __name__ == "__main__":
    if os.environ.get(BROWSER_ENV):
        browser = os.environ.pop(BROWSER_ENV)
        die_with_parent()
        os.execv(browser, [browser] + sys.argv[1:])
    sys.exit(main(sys.argv[1:]))
