#!/usr/bin/env bash
# Every test, on a fresh machine too: installs what the tests need (Debian's Chromium for the
# browser tests — never a browser download), then type-checks and runs the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "安装 Chromium（Debian 软件包，仅用于浏览器测试）…"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi
# The PDF round trip of import prints Chinese: without a CJK font Chromium prints empty boxes.
if ! fc-list :lang=zh | grep -q .; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq fonts-wqy-microhei >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq fonts-wqy-microhei >/dev/null; fi
fi
[ -d node_modules ] || npm install
npx tsc -p .
npx vitest run
