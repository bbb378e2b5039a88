#!/bin/sh
# Install Debian's virtuoso-opensource non-interactively (idempotent).
# The tests start their own server (tests/virtuoso.py) with a private ini in a temp dir;
# the system service installed by the package is stopped and disabled if it was started.
set -eu

if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    echo "virtuoso-opensource already installed: $(command -v virtuoso-t)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
# The package asks for the dba password in a debconf dialog; preset it (tests use their own db).
PW="${VIRTUOSO_DBA_PASSWORD:-dba}"
for q in dba-password dba-password-again; do
    echo "virtuoso-opensource-7 virtuoso-opensource-7/$q password $PW" | $SUDO debconf-set-selections
done

$SUDO apt-get update -qq || true
$SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null

# Debian's package starts a system server on 1111/8890; the tests do not need it.
if command -v service >/dev/null 2>&1; then
    $SUDO service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
fi
command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null
echo "virtuoso-opensource installed: $(command -v virtuoso-t)"
