#!/bin/sh
# make test's browser step: the HTML report is tested in Chromium (Debian's chromium, driven by Playwright).
# On PATH already: nothing to do. Missing, as root with apt-get: installed, without questions or standard
# input (CI runs with neither), its output on stderr. Otherwise, or when that fails, the one line saying what
# to install is written to stdout, for the Makefile to stop with (nothing else is written there).
browser=${CHROMIUM:-chromium}
if command -v "$browser" >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "make test: no $browser on PATH; installing Debian's chromium for the HTML report's tests (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -q && apt-get install -y -q --no-install-recommends chromium; } </dev/null >&2
    if command -v "$browser" >/dev/null 2>&1; then
        exit 0
    fi
fi
echo "the HTML report's tests need Chromium and there is no $browser on PATH: install Debian's chromium as root" \
    "(apt-get install chromium; make test does it when run as root), or name another with make test CHROMIUM=/path/to/chromium"
