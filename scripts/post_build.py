"""Trunk post-build hook, run on every build (serve and release).

1. Drops the wasm's `name` and `producers` custom sections (debug names, about 1.5 KB compressed
   that every visitor would download) and updates the file's Subresource Integrity hash.
2. Moves the inline bootstrap <script type="module"> Trunk writes into index.html to a file
   (bootstrap-<hash>.js): the page's Content-Security-Policy allows scripts from 'self' only, no
   'unsafe-inline'.
3. Release builds only: writes the service worker `sw.js`, which precaches this build's files so
   the page works offline after one visit, and registers it from the bootstrap. Paths are relative
   to the page, so it works under any --public-url.
4. Writes `eksplain.html`: the whole page in one file (wasm as base64, the JS and CSS inline, the
   icon as a data: URI), with a CSP that allows exactly its own inline script and style by their
   sha256 hashes and nothing from the network. It works opened from disk (file://).
"""
import base64
import hashlib
import json
import os
import pathlib
import re
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
release = os.environ.get("TRUNK_PROFILE") == "release"
index = staging / "index.html"
html = index.read_text(encoding="utf-8")
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
if not public_url.endswith("/"):
    public_url += "/"

SINGLE_FILE = "eksplain.html"
SERVICE_WORKER = "sw.js"


def leb128(data, pos):
    result, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def strip_custom_sections(data, names=(b"name", b"producers")):
    if data[:4] != b"\0asm":
        return data
    out, pos = bytearray(data[:8]), 8
    while pos < len(data):
        start = pos
        section_id = data[pos]
        size, body = leb128(data, pos + 1)
        end = body + size
        if section_id == 0:
            name_len, name_at = leb128(data, body)
            if data[name_at:name_at + name_len] in names:
                pos = end
                continue
        out += data[start:end]
        pos = end
    return bytes(out)


def sha256_b64(text):
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def local_file(href):
    """The staged file a page reference names (absolute under the public URL, or relative)."""
    if href.startswith(public_url):
        href = href[len(public_url):]
    path = staging / href.lstrip("/")
    if not path.is_file():
        sys.exit("post_build: %s is not in the build" % href)
    return path


# 1. Debug sections out of the wasm.
for wasm in staging.glob("*.wasm"):
    before = wasm.read_bytes()
    after = strip_custom_sections(before)
    if after != before:
        wasm.write_bytes(after)
        old = "sha384-" + base64.b64encode(hashlib.sha384(before).digest()).decode()
        new = "sha384-" + base64.b64encode(hashlib.sha384(after).digest()).decode()
        html = html.replace(old, new)
        print("post_build: stripped %d bytes of debug sections from %s" % (len(before) - len(after), wasm.name))

# 2. The bootstrap into a file (3. with the service worker's registration in a release build).
match = re.search(r'<script type="module"(?P<attrs>[^>]*)>(?P<body>.*?)</script>', html, re.S)
if match is None:
    sys.exit("post_build: Trunk's bootstrap script is missing from index.html")
bootstrap = match.group("body").strip() + "\n"


def guarded(start):
    """The wasm start-up `start` (a JS statement that awaits init), made to say so on the page
    when it fails (no WebAssembly, a blocked or missing file): index.html's static shell already
    shows a paste box, which must not look alive while nothing is behind it."""
    return (
        "try {\n  %s\n} catch (err) {\n"
        "  const banner = document.getElementById('panic');\n"
        "  if (banner) {\n"
        "    banner.textContent = 'eksplain could not start in this browser (' + ((err && err.message) || err) + '), so nothing you paste is checked. "
        "It needs WebAssembly and JavaScript; nothing left the page. The eksplain CLI runs the same checks offline.';\n"
        "    banner.hidden = false;\n"
        "  }\n"
        "  document.documentElement.dataset.app = 'failed';\n"
        "  throw err;\n}\n" % start
    )


# The wasm-bindgen JS is imported inside the guard too (a static import that fails would stop
# the module before any of it runs), and until the app is live a file dropped on the page is held
# rather than opened by the browser in place of the page.
imports = re.search(r"^import (?P<init>\w+), \* as bindings from (?P<url>'[^']+');$", bootstrap, re.M)
start = re.search(r"^const wasm = await (?P<init>\w+)(?P<args>\(.*?\));$", bootstrap, re.M)
if imports is None or start is None or imports.group("init") != start.group("init"):
    sys.exit("post_build: cannot find the wasm start-up in Trunk's bootstrap:\n" + bootstrap)
body = (
    "const hold = (event) => { if (document.documentElement.dataset.app !== 'ready') event.preventDefault(); };\n"
    "addEventListener('dragover', hold);\naddEventListener('drop', hold);\n"
    + bootstrap[imports.end(): start.start()]
    + "let wasm, bindings;\n"
    + guarded("bindings = await import(%s);\n  wasm = await bindings.default%s;" % (imports.group("url"), start.group("args")))
    + bootstrap[start.end():]
)
if release:
    body += (
        "\n// Offline use: the service worker precaches this release (a new release replaces it on the next load).\n"
        "if ('serviceWorker' in navigator && location.protocol !== 'file:') {\n"
        "  navigator.serviceWorker.register(new URL('%s', import.meta.url))\n"
        "    .catch((err) => console.warn('eksplain: offline use is not available:', err));\n"
        "}\n" % SERVICE_WORKER
    )
name = "bootstrap-%s.js" % hashlib.sha256(body.encode()).hexdigest()[:16]
(staging / name).write_text(body, encoding="utf-8")
tag = '<script type="module" src="%s%s"></script>' % (public_url, name)
html = html[: match.start()] + tag + html[match.end():]
# Chromium ignores `integrity` on a preload fetched `as="fetch"` (the wasm) and warns about it in
# the console on every load; the wasm is fetched once either way.
html = re.sub(r'(<link rel="preload"[^>]*?) integrity="[^"]*"([^>]*as="fetch")', r"\1\2", html)
print("post_build: wrote", name)
if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
    sys.exit("post_build: an inline script is still present in index.html")
index.write_text(html, encoding="utf-8")

# 4. The single file.
wasm_bindgen_js = re.search(r"""import init, \* as bindings from '(?P<js>[^']+)';""", bootstrap)
wasm_path = re.search(r"""module_or_path: '(?P<wasm>[^']+)'""", bootstrap)
if wasm_bindgen_js is None or wasm_path is None:
    sys.exit("post_build: cannot read Trunk's bootstrap:\n" + bootstrap)
js = local_file(wasm_bindgen_js.group("js")).read_text(encoding="utf-8")
init_name = re.search(r"export \{[^}]*\b(?P<name>\w+) as default\b[^}]*\};?", js)
if init_name is None:
    sys.exit("post_build: the wasm-bindgen JS has no default export")
js = js[: init_name.start()] + js[init_name.end():]
wasm64 = base64.b64encode(local_file(wasm_path.group("wasm")).read_bytes()).decode()
script = (
    js.rstrip()
    + "\n\n// The wasm, inline: this file needs no server and no network.\n"
    + "const wasmBytes = Uint8Array.from(atob('%s'), (c) => c.charCodeAt(0));\n" % wasm64
    + guarded("await %s({ module_or_path: wasmBytes });" % init_name.group("name"))
)
css = "\n".join(
    local_file(href).read_text(encoding="utf-8")
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"[^>]*>', html)
)
for text, what in ((script, "script"), (css, "style")):
    if re.search(r"</%s" % what, text, re.I):
        sys.exit("post_build: the inline %s would close its own tag" % what)
icon = base64.b64encode((staging / "favicon.svg").read_bytes()).decode()
csp = (
    "default-src 'none'; script-src 'sha256-%s' 'wasm-unsafe-eval'; style-src 'sha256-%s'; "
    "img-src data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-src 'none'; worker-src 'none'; manifest-src 'none'" % (sha256_b64(script), sha256_b64(css))
)
single, n_csp = re.subn(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">',
                        '<meta http-equiv="Content-Security-Policy" content="%s">' % csp, html)
if n_csp != 1:
    sys.exit("post_build: index.html must have exactly one CSP meta tag")
single = re.sub(r'\s*<link rel="(modulepreload|preload|manifest)"[^>]*>', "", single)
single = re.sub(r'<link rel="stylesheet"[^>]*>', "", single)
single = re.sub(r'<link rel="icon"[^>]*>', '<link rel="icon" href="data:image/svg+xml;base64,%s">' % icon, single)
single = single.replace(tag, "<style>%s</style>\n<script type=\"module\">%s</script>" % (css, script))
leftover = re.findall(r'(?:src|href)="(?!data:|#)([^"]*)"', single)
leftover = [ref for ref in leftover if ref != SINGLE_FILE]
if leftover:
    sys.exit("post_build: the single file still references %s" % ", ".join(leftover))
(staging / SINGLE_FILE).write_text(single, encoding="utf-8")
print("post_build: wrote %s (%d bytes)" % (SINGLE_FILE, len(single.encode("utf-8"))))

# 3. The service worker, precaching every file of this build but itself and the single file.
if release:
    files = sorted(
        p.name for p in staging.iterdir()
        if p.is_file() and p.name not in (SERVICE_WORKER, SINGLE_FILE, "index.html")
    )
    digest = hashlib.sha256()
    for file in ["index.html"] + files:
        digest.update(file.encode() + b"\0" + (staging / file).read_bytes())
    version = digest.hexdigest()[:16]
    worker = (pathlib.Path(__file__).parent / "sw.js").read_text(encoding="utf-8")
    worker = worker.replace("'@VERSION@'", json.dumps(version)).replace(
        "['@FILES@']", json.dumps(["./"] + files)
    )
    if "@VERSION@" in worker or "@FILES@" in worker:
        sys.exit("post_build: scripts/sw.js lost its placeholders")
    (staging / SERVICE_WORKER).write_text(worker, encoding="utf-8")
    print("post_build: wrote %s (version %s, %d files)" % (SERVICE_WORKER, version, len(files) + 1))
