#!/usr/bin/env bash
# Install the system packages the LibreOffice render tests need (Debian/Ubuntu).
# Idempotent: does nothing when soffice, poppler-utils, fontconfig and a Thai font
# are already present.  Packages (checked with `apt-cache policy` on Debian 12):
#   libreoffice-calc-nogui  headless Calc (soffice) without the GUI stack
#   fonts-thai-tlwg         Thai fonts (fallback for Thai text not styled with Sarabun)
#   poppler-utils           pdftotext, pdfinfo, pdffonts, pdftoppm
#   fontconfig              fc-match / fc-list (font aliasing for "TH Sarabun New")
set -euo pipefail

PACKAGES=(libreoffice-calc-nogui fonts-thai-tlwg poppler-utils fontconfig)

missing=()
have() { command -v "$1" >/dev/null 2>&1; }

if ! have soffice && ! have libreoffice; then missing+=("soffice"); fi
for tool in pdftotext pdfinfo pdffonts pdftoppm; do
    have "$tool" || missing+=("$tool")
done
have fc-match || missing+=("fc-match")
if have fc-list; then
    [ -n "$(fc-list :lang=th family 2>/dev/null | head -n 1)" ] || missing+=("thai-font")
else
    missing+=("fc-list")
fi

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-system-deps: soffice, poppler-utils and Thai fonts already present"
    exit 0
fi
echo "install-system-deps: missing: ${missing[*]} -> installing ${PACKAGES[*]}"

if ! have apt-get; then
    echo "install-system-deps: apt-get not available; install manually: LibreOffice Calc," \
         "poppler-utils, fontconfig and a Thai font (e.g. fonts-thai-tlwg)" >&2
    exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if have sudo; then
        SUDO=(sudo)
    else
        echo "install-system-deps: not root and sudo is not available" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${PACKAGES[@]}"

if ! have soffice && ! have libreoffice; then
    echo "install-system-deps: soffice still not found after install" >&2
    exit 1
fi
echo "install-system-deps: done ($(soffice --version 2>/dev/null | head -n 1 || true))"
