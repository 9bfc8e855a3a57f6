#!/usr/bin/env bash
# Opens pages of the built documentation site in headless Chromium and
# checks that they render and that their figures load: the home page, the
# reference index and the "Getting started" article (which has a figure).
# For each page, every <img> must name an existing non-empty file, and in the
# browser every image must have loaded with a non-zero natural size; the
# rendered page must have its heading. A screenshot of each page is left in
# <site>/../site-check/ for a person to look at.
# Usage: .ci/site-check.sh build/site
set -euo pipefail
site="${1:?usage: site-check.sh SITE_DIR}"
site=$(cd "$site" && pwd)
out="$(dirname "$site")/site-check"
rm -rf "$out" && mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"; rm -f "$site"/.check-*.html "$site"/*/.check-*.html' EXIT

chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --virtual-time-budget=30000 "$@" 2>/dev/null
}

# page heading: the text its <h1> must contain
check_page() {
  local page="$1" heading="$2"
  local path="$site/$page"
  [ -s "$path" ] || { echo "site-check: $page is missing" >&2; return 1; }
  # Each image named by the page is a file that exists and is not empty.
  python3 - "$path" "$page" <<'PY'
import html.parser, os, sys, urllib.parse
path, page = sys.argv[1], sys.argv[2]
class Images(html.parser.HTMLParser):
    srcs = []
    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.srcs.append(dict(attrs).get("src", ""))
parser = Images()
parser.feed(open(path, encoding="utf-8").read())
bad = []
for src in parser.srcs:
    if src.startswith("data:"):
        continue
    if urllib.parse.urlparse(src).scheme:
        bad.append(src + " (not a local file)")
        continue
    file = os.path.join(os.path.dirname(path), urllib.parse.unquote(src))
    if not os.path.isfile(file) or os.path.getsize(file) == 0:
        bad.append(src)
if bad:
    sys.exit("site-check: %s: missing images: %s" % (page, ", ".join(bad)))
print("%s: %d images, all files present" % (page, len(parser.srcs)))
PY
  # In the browser: a copy of the page, beside it so that relative links
  # resolve, with a script that records after loading which images failed.
  local probe
  probe="$(dirname "$path")/.check-$(basename "$path")"
  python3 - "$path" "$probe" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
script = """<script>
// run at once (the script ends the body) rather than on "load", which
// waits for every external script the page names, on a machine that may
// have no route to them; decode() waits for each image itself
(function () {
  var imgs = Array.prototype.slice.call(document.images);
  // decode() fails for an image whose data cannot be drawn, even where its
  // header gave a size
  Promise.all(imgs.map(function (i) {
    return i.decode().then(function () {
      return i.naturalWidth > 0 && i.naturalHeight > 0 ? "" : i.getAttribute("src");
    }, function () { return i.getAttribute("src"); });
  })).then(function (broken) {
    document.body.setAttribute("data-images", imgs.length);
    document.body.setAttribute("data-broken", broken.join(" ").trim());
  });
})();
</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", script + "</body>"))
PY
  local dom
  dom=$(chrome --dump-dom "file://$probe")
  DOM="$dom" python3 - "$page" "$heading" <<'PY'
import os, re, sys
dom = os.environ["DOM"]
page, heading = sys.argv[1], sys.argv[2]
m = re.search(r'<body[^>]*data-images="(\d+)"[^>]*data-broken="([^"]*)"', dom)
if not m:
    sys.exit("site-check: %s did not finish loading in the browser" % page)
if m.group(2).strip():
    sys.exit("site-check: %s: images that did not load: %s" % (page, m.group(2)))
h1 = re.findall(r"<h1[^>]*>(.*?)</h1>", dom, re.S)
if not any(heading in re.sub(r"<[^>]+>", "", h) for h in h1):
    sys.exit("site-check: %s: no heading %r (found %r)" % (page, heading, h1))
print("%s: rendered, heading %r, %s images loaded" % (page, heading, m.group(1)))
PY

  rm -f "$probe"
  local shot
  shot="$out/$(echo "$page" | tr '/' '-' | sed 's/\.html$//').png"
  chrome --window-size=1200,2400 --hide-scrollbars --screenshot="$shot" \
    "file://$path" >/dev/null
  [ -s "$shot" ] || { echo "site-check: no screenshot of $page" >&2; return 1; }
}

check_page index.html "b2m"
check_page reference/index.html "Function reference"
check_page articles/getting-started.html "Getting started"
echo "site-check: pages render and their figures load; screenshots in $out"
