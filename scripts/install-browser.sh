#!/bin/sh
# Installs what the browser acceptance test (test/e2e/catalogue-browser.test.ts) needs: Debian's chromium at
# /usr/bin/chromium. Idempotent: does nothing when it is already there. Needs root (or sudo) when it installs.
set -eu

CHROMIUM="${DEPVET_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "install-browser: $CHROMIUM is present ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "install-browser: $CHROMIUM is absent and this user cannot install packages (not root, no sudo)" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $CHROMIUM is absent and apt-get is not available; install Chromium and set DEPVET_CHROMIUM" >&2
  exit 1
fi

echo "install-browser: installing chromium with apt-get"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
if [ ! -x "$CHROMIUM" ]; then
  echo "install-browser: chromium was installed but $CHROMIUM does not exist" >&2
  exit 1
fi
echo "install-browser: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
