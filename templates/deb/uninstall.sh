#!/bin/sh
# uninstall.sh - AWS Systems Manager Distributor uninstall script, package {{PACKAGE_NAME}} {{VERSION}}.
#
# SSM Agent runs it as `sh uninstall.sh` (dash on Debian/Ubuntu; the shebang is ignored) in the
# folder the package zip was extracted to, next to the installer {{INSTALLER}}. POSIX sh only. The
# package to remove is the one named in that installer (`dpkg-deb -f <file> Package`), so uninstall
# removes exactly what install.sh installed; nothing is hard-coded.
#
# Steps: check prerequisites; stop if the package is not installed; `dpkg --purge` it (files and
# configuration; packages that depend on it are never removed: dpkg refuses instead); verify with
# `dpkg-query`.
#
# Exit codes:
#   0   removed, or the package was not installed (nothing done)
#   10  not running as root
#   11  a required tool is missing (dpkg, dpkg-deb or dpkg-query)
#   12  the installer file is missing or unreadable (it names the package to remove)
#   13  the installer is not a readable .deb package
#   15  dpkg failed to remove the package (e.g. another package depends on it)
#   16  dpkg reported success but the package is still installed

set -u

# dpkg needs ldconfig and start-stop-daemon, which live in sbin folders a minimal PATH may lack.
PATH=${PATH:-/usr/bin:/bin}
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin ;; esac
case ":$PATH:" in *:/sbin:*) ;; *) PATH=$PATH:/sbin ;; esac
export PATH

log() { printf '[uptycs-distributor] %s\n' "$*"; }
die() {
  code=$1
  shift
  printf '[uptycs-distributor] ERROR: %s\n' "$*" >&2
  exit "$code"
}

# Prints "<state> <version>" of an installed package, e.g. "installed 1.2.3", or nothing.
installed_state() {
  # shellcheck disable=SC2016 # ${...} are dpkg-query fields, not shell expansions
  dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null | awk 'NR == 1 { print $3, $4 }'
}

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd -P) || die 12 "cannot resolve the folder of $0"
installer=$here/'{{INSTALLER}}'

log "uninstall.sh: package '{{PACKAGE_NAME}}' version '{{VERSION}}', installer $installer"

# --- prerequisites ---------------------------------------------------------------------------
uid=$(id -u 2>/dev/null) || uid=''
if [ "$uid" != 0 ]; then
  die 10 "must run as root (uid is ${uid:-unknown}); SSM Agent runs package scripts as root"
fi
for tool in dpkg dpkg-deb dpkg-query; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    die 11 "$tool not found (PATH=$PATH): this package is for dpkg-based systems"
  fi
done
if [ ! -f "$installer" ] || [ ! -r "$installer" ]; then
  die 12 "installer not found or unreadable: $installer (it names the package to remove)"
fi
log "prerequisites ok: running as root, dpkg present"

# --- which package ---------------------------------------------------------------------------
name=$(dpkg-deb -f "$installer" Package) || die 13 "cannot read the control fields of $installer"
if [ -z "$name" ]; then
  die 13 "$installer has no Package field"
fi
log "installer names package $name"

# --- installed? ------------------------------------------------------------------------------
state=$(installed_state "$name")
case "$state" in
  "" | not-installed*)
    log "$name is not installed; nothing to do"
    exit 0
    ;;
  config-files*)
    log "$name is removed but its configuration files remain; purging them"
    ;;
  *)
    log "$name is present ($state); removing it"
    ;;
esac

# --- remove ----------------------------------------------------------------------------------
log "running: dpkg --purge $name"
DEBIAN_FRONTEND=noninteractive dpkg --purge "$name" || die 15 "dpkg --purge failed with exit code $?; see the messages above"

# --- verify ----------------------------------------------------------------------------------
state=$(installed_state "$name")
case "$state" in
  "" | not-installed*) ;;
  *) die 16 "$name is still present after dpkg --purge reported success (state: $state)" ;;
esac
log "removed $name"
exit 0
