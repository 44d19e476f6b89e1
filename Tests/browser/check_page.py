#!/usr/bin/env python3
"""Checks an HTML report in headless chromium (called by Tests/browser/browser-test.sh).

A copy of the page gets a probe script as the first element of <head>: it records uncaught
errors, failed resource loads, console.error calls and security-policy violations, and after
the load event writes a JSON summary into the DOM (counts of tables, figures, header cells, the
browser's bounding boxes of every x-axis tick label, the resources loaded). chromium prints the
DOM (--dump-dom, network mapped to nothing: offline) and takes screenshots in light and dark mode.
The probe itself is checked first on a page with a deliberate error, so a broken probe fails the
test instead of passing it. Exit status 0 = every check passed.
"""
import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

PROBE = r"""<script>
(function () {
  var errors = [];
  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t !== window && (t.src || t.href)) errors.push('failed to load ' + (t.src || t.href));
    else errors.push('uncaught: ' + e.message);
  }, true);
  window.addEventListener('unhandledrejection', function (e) { errors.push('unhandled rejection: ' + e.reason); });
  document.addEventListener('securitypolicyviolation', function (e) { errors.push('policy violation: ' + e.blockedURI); });
  var original = console.error;
  console.error = function () { errors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); original.apply(console, arguments); };
  window.addEventListener('load', function () {
    var r = { errors: errors };
    r.tables = document.querySelectorAll('table').length;
    r.tablesWithHeadAndCaption = Array.prototype.filter.call(document.querySelectorAll('table'), function (t) {
      return t.tHead && t.caption && t.tHead.querySelectorAll('th[scope=col]').length > 0;
    }).length;
    r.headerCellsWithoutScope = document.querySelectorAll('th:not([scope])').length;
    r.rowHeaders = document.querySelectorAll('tbody th[scope=row]').length;
    r.figures = document.querySelectorAll('figure').length;
    var first = document.querySelector('main figure, main table, main details');
    r.firstContent = first ? first.tagName.toLowerCase() : null;
    r.firstContentTop = first ? first.getBoundingClientRect().top : null;
    r.viewportHeight = window.innerHeight;
    r.inlineSvgFigures = document.querySelectorAll('figure > svg').length;
    r.tickLabels = 0;
    r.overlaps = [];
    Array.prototype.forEach.call(document.querySelectorAll('svg g.x-ticks'), function (g, i) {
      var boxes = Array.prototype.map.call(g.querySelectorAll('text'), function (t) {
        var b = t.getBoundingClientRect(); return { text: t.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom };
      });
      r.tickLabels += boxes.length;
      for (var a = 0; a < boxes.length; a++) for (var b = a + 1; b < boxes.length; b++) {
        var p = boxes[a], q = boxes[b];
        if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom)
          r.overlaps.push('figure ' + i + ': "' + p.text + '" and "' + q.text + '"');
      }
    });
    r.resources = performance.getEntriesByType('resource').map(function (e) { return e.name; });
    r.background = getComputedStyle(document.body).backgroundColor;
    var pre = document.createElement('pre');
    pre.id = 'browser-test-result';
    pre.textContent = JSON.stringify(r);
    document.body.appendChild(pre);
  });
})();
</script>"""

BROKEN_PAGE = """<!DOCTYPE html><html><head><title>probe check</title></head><body>
<table><caption>c</caption><thead><tr><th scope="col">h</th></tr></thead><tbody><tr><th scope="row">r</th></tr></tbody></table>
<img src="does-not-exist.png" alt=""><script>undefinedFunctionOfTheProbeCheck();</script></body></html>
"""


def chromium(browser, work, *args):
    """Runs headless chromium offline; returns (stdout, stderr)."""
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
               "--user-data-dir=" + os.path.join(work, "profile"), "--host-resolver-rules=MAP * ~NOTFOUND",
               "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    return done.stdout, done.stderr


def probe(browser, work, path):
    """The probe's JSON for the page at `path` (a copy with the probe injected) and chromium's console lines."""
    path = os.path.abspath(path)
    with open(path, encoding="utf-8") as f:
        source = f.read()
    probed = re.sub(r"<head>", "<head>\n" + PROBE, source, count=1)
    if probed == source:
        raise SystemExit(f"{path}: no <head> to inject the probe into")
    copy = os.path.join(os.path.dirname(path), ".probe-" + os.path.basename(path))
    with open(copy, "w", encoding="utf-8") as f:
        f.write(probed)
    try:
        out, err = chromium(browser, work, "--window-size=1000,1300", "--dump-dom", "file://" + copy)
    finally:
        os.remove(copy)
    match = re.search(r'<pre id="browser-test-result">(.*?)</pre>', out, re.S)
    if not match:
        raise SystemExit(f"{path}: the probe wrote no result (page did not load?)\n{err[-2000:]}")
    text = match.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    console = [line for line in err.splitlines() if "CONSOLE" in line and ("Uncaught" in line or "rror" in line)]
    return json.loads(text), console


def png_pixels(path):
    """(width, height, channels, rows of bytes) of an 8-bit RGB/RGBA PNG, unfiltered."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace != 0:
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {color}, interlace {interlace})")
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 255
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 255
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return width, height, channels, rows


def luminance_stats(path):
    """(mean luminance, standard deviation, fraction of pixels unlike the most common colour)."""
    width, height, channels, rows = png_pixels(path)
    counts, total, total2, n = {}, 0.0, 0.0, 0
    for line in rows:
        for x in range(0, width * channels, channels):
            r, g, b = line[x], line[x + 1], line[x + 2]
            counts[(r, g, b)] = counts.get((r, g, b), 0) + 1
            y = 0.2126 * r + 0.7152 * g + 0.0722 * b
            total += y
            total2 += y * y
            n += 1
    mean = total / n
    return mean, max(total2 / n - mean * mean, 0) ** 0.5, 1 - max(counts.values()) / n


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--browser", required=True)
    parser.add_argument("--page", required=True)
    parser.add_argument("--tables", type=int, help="expected number of tables (default: as many as the source has, at least 1)")
    parser.add_argument("--figures", type=int, help="expected number of figures (default: as many as the source has, at least 1)")
    parser.add_argument("--figure-first", action="store_true",
                        help="the first figure, table or collapsible section of <main> must be a figure within the first screen")
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    failures = []
    name = args.page

    # The probe must see a broken page's errors, or its silence below means nothing.
    broken = os.path.join(args.work, "broken.html")
    with open(broken, "w", encoding="utf-8") as f:
        f.write(BROKEN_PAGE)
    seen, _ = probe(args.browser, args.work, broken)
    if not any("undefinedFunctionOfTheProbeCheck" in e for e in seen["errors"]) or not any("does-not-exist.png" in e for e in seen["errors"]):
        failures.append(f"the probe missed the deliberate errors of its check page: {seen['errors']}")

    with open(args.page, encoding="utf-8") as f:
        source = f.read()
    # Self-contained: no scripts, no remote or external resources (links to sibling files are fine).
    if "<script" in source:
        failures.append("the page contains a script")
    remote = re.findall(r'(?:src|href)\s*=\s*["\']?\s*(?:https?:)?//[^"\' >]*', source) + re.findall(r"url\(\s*['\"]?(?:https?:)?//", source)
    remote += re.findall(r"<link[^>]*>", source) + re.findall(r"@import", source)
    if remote:
        failures.append(f"remote or external resources: {remote[:5]}")
    source_tables, source_figures = source.count("<table"), source.count("<figure")
    expected_tables = args.tables if args.tables is not None else source_tables
    expected_figures = args.figures if args.figures is not None else source_figures

    result, console = probe(args.browser, args.work, args.page)
    if result["errors"]:
        failures.append(f"errors in the page: {result['errors']}")
    if console:
        failures.append(f"console errors: {console}")
    if result["resources"]:
        failures.append(f"resources loaded: {result['resources']}")
    if (args.tables is None and expected_tables < 1) or result["tables"] != expected_tables:
        failures.append(f"tables: {result['tables']} rendered, {expected_tables} expected")
    if result["tablesWithHeadAndCaption"] != result["tables"]:
        failures.append(f"only {result['tablesWithHeadAndCaption']} of {result['tables']} tables have a caption and <thead> with th scope=col")
    if result["headerCellsWithoutScope"] or result["rowHeaders"] < result["tables"]:
        failures.append(f"header cells without scope: {result['headerCellsWithoutScope']}, row headers: {result['rowHeaders']}")
    if expected_figures < 1 or result["figures"] != expected_figures or result["inlineSvgFigures"] != expected_figures:
        failures.append(f"figures: {result['figures']} ({result['inlineSvgFigures']} inline SVG) rendered, {expected_figures} expected")
    if result["tickLabels"] < 2 * result["figures"]:
        failures.append(f"only {result['tickLabels']} x tick labels in {result['figures']} figures")
    if result["overlaps"]:
        failures.append(f"overlapping x tick labels: {result['overlaps']}")
    if args.figure_first:
        if result["firstContent"] != "figure":
            failures.append(f"the page does not lead with a figure: its first content element is {result['firstContent']}")
        elif not result["firstContentTop"] < result["viewportHeight"]:
            failures.append(f"the first figure starts below the first screen ({result['firstContentTop']:.0f} px of {result['viewportHeight']})")

    # Screenshots: light and dark colour schemes, neither blank, the dark one darker.
    shots = {}
    for scheme, flags in [("light", []), ("dark", ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"])]:
        png = os.path.join(args.work, f"{scheme}.png")
        chromium(args.browser, args.work, "--window-size=1000,1300", "--screenshot=" + png, *flags, "file://" + os.path.abspath(args.page))
        if not os.path.exists(png):
            failures.append(f"no {scheme} screenshot")
            continue
        shots[scheme] = luminance_stats(png)
        mean, std, varied = shots[scheme]
        print(f"  {scheme} screenshot: mean luminance {mean:.1f}, std {std:.1f}, {100 * varied:.1f} % of pixels unlike the background")
        if std < 5 or varied < 0.01:
            failures.append(f"the {scheme} screenshot is blank (std {std:.2f}, {100 * varied:.2f} % varied pixels)")
    if "light" in shots and "dark" in shots and not shots["dark"][0] < shots["light"][0] - 40:
        failures.append(f"dark mode is not darker: mean luminance {shots['dark'][0]:.1f} vs light {shots['light'][0]:.1f}")

    print(f"{name}: {result['tables']} tables, {result['figures']} figures, {result['tickLabels']} x tick labels, "
          f"{len(result['errors'])} errors, first content: {result['firstContent']} at {result['firstContentTop']} px")
    for failure in failures:
        print(f"  FAIL {failure}")
    if failures:
        kept = tempfile.mkdtemp(prefix="browser-test-")
        shutil.copytree(args.work, kept, dirs_exist_ok=True, ignore=shutil.ignore_patterns("profile"))
        print(f"  screenshots kept in {kept}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
