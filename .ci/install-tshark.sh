#!/bin/sh
# Installs tshark (Wireshark's command-line dissector) non-interactively for
# the interop test tests/tests/wireshark.rs. Idempotent: does nothing when
# tshark is already on PATH. Runs `apt-get update` only if the first install
# attempt fails (e.g. stale or empty package lists).
set -eu

if command -v tshark >/dev/null 2>&1; then
    echo "tshark already installed: $(tshark --version | head -n 1)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

# Answer "Should non-superusers be able to capture packets?" with "no" so the
# wireshark-common postinst never prompts.
echo "wireshark-common wireshark-common/install-setuid boolean false" \
    | $SUDO debconf-set-selections

install() {
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y tshark
}

if ! install; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
    install
fi

tshark --version | head -n 1
