#!/usr/bin/env bash
# Runs test/keychain against a real Secret Service: a private D-Bus session with an unlocked gnome-keyring
# that lives only as long as the tests. CI must have one; elsewhere the suite is skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  # The throwaway keyring's password is irrelevant: it is created for this session and gone after it.
  exec dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npm run test:keychain'
fi

echo "SKIPPED keychain tests: dbus-run-session and gnome-keyring-daemon are needed (Debian/Ubuntu: apt-get install dbus gnome-keyring)."
if [ "${CI:-}" = "true" ]; then
  echo "CI=true: the keychain tests must run in CI; install the packages above." >&2
  exit 1
fi
exit 0
