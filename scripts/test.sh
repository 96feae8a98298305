#!/usr/bin/env bash
# Every test, on a fresh machine too: installs what the tests need from Debian (Chromium and Firefox ESR
# for the browser tests — never a browser download —, nginx for the web-server test, a Chinese font:
# without one Chromium prints empty boxes and the PDF round trip of import reads no text —, and
# LibreOffice, tesseract and poppler for the import of office files and scans), then type-checks
# and runs the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# Firefox ESR for the folder (file://) test in a second browser; Java for the Nu HTML Checker (npm vnu-jar);
# Debian's python3 feed reader library, which reads back the Atom feed.
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
[ -x /usr/bin/java ] || missing+=(default-jre-headless)
/usr/bin/python3 -c 'import feedparser' 2>/dev/null || missing+=(python3-feedparser)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
# LibreOffice writes the office-form fixtures (driven through python3-uno) and reads .doc/.wps/.rtf/.odt;
# tesseract with its Chinese data reads the scans, pdftoppm renders them.
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
/usr/bin/python3 -c 'import uno' 2>/dev/null || missing+=(python3-uno)
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || missing+=(tesseract-ocr-chi-sim)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "安装测试所需的 Debian 软件包：${missing[*]}…"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  # A policy-rc.d keeps the package from starting a system nginx on port 80 (the test runs its own);
  # one the machine already has is left as it is.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    $sudo sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
    # Removed however the install ends: left behind, it would stop every service the machine installs later.
    trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -d node_modules ] || npm install
npx tsc -p .
# Bundles src/ once (bin/yaoxun.js), before the tests start it many times at once.
node bin/yaoxun.js --version >/dev/null
npx vitest run
