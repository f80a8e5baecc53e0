#!/bin/sh
# Installs the Debian packages netra needs to build and test, if missing.
# As root it runs apt-get; otherwise it prints the exact command and stops.
# Used by `make demo` and `make check` before anything is built.
set -eu

PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev sqlite3 \
libsqlite3-dev libpq-dev postgresql libmicrohttpd-dev libjansson-dev \
libutf8proc-dev libhyperscan-dev libstemmer-dev liblinear-dev libyaml-dev \
libsodium-dev nettle-dev libcurl4-openssl-dev libcmocka-dev libicu-dev python3 time curl \
chromium nodejs libarchive-dev unzip liblzma-dev yt-dlp instaloader \
libtesseract-dev libleptonica-dev tesseract-ocr-ind python3-pil \
fonts-dejavu-core fonts-liberation2"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null
else
	echo "deps: missing Debian packages. Run as root:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
