#!/bin/sh
# update.sh - AWS Systems Manager Distributor in-place update script, package {{PACKAGE_NAME}} {{VERSION}}.
#
# SSM Agent runs it as `sh install.sh` (dash on Debian/Ubuntu; the shebang is ignored) in the folder
# the package zip was extracted to, next to the installer {{INSTALLER}}. POSIX sh only. Everything
# about the package (name, version, architecture) is read from the installer file itself
# (`dpkg-deb -f`); nothing is hard-coded.
#
# Used by AWS-ConfigureAWSPackage with installationType "In-place update": the installed package is
# upgraded in place (no uninstall first; dpkg replaces the old version and keeps its configuration).
# Steps: check prerequisites; stop if this exact version is already installed; upgrade with
# `apt-get install <file>` so dependencies resolve, or `dpkg -i` when apt-get is absent or fails
# (both also install the package when it is absent); verify with `dpkg-query`.
#
# Exit codes:
#   0   updated (or installed when absent), or this exact version was already installed
#   10  not running as root
#   11  a required tool is missing (dpkg, dpkg-deb or dpkg-query)
#   12  the installer file is missing or unreadable
#   13  the installer is not a readable .deb package
#   14  the installer is built for another architecture than this machine
#   15  apt-get or dpkg failed to update the package
#   16  the command reported success but the version is not installed afterwards

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

log "update.sh: package '{{PACKAGE_NAME}}' version '{{VERSION}}', installer $installer"

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
  die 12 "installer not found or unreadable: $installer"
fi
if command -v apt-get >/dev/null 2>&1; then
  tool=apt-get
else
  tool=dpkg
fi
log "prerequisites ok: running as root, dpkg present, installing with $tool"

# --- what the installer holds ----------------------------------------------------------------
name=$(dpkg-deb -f "$installer" Package) || die 13 "cannot read the control fields of $installer"
version=$(dpkg-deb -f "$installer" Version) || die 13 "cannot read the control fields of $installer"
arch=$(dpkg-deb -f "$installer" Architecture) || die 13 "cannot read the control fields of $installer"
if [ -z "$name" ] || [ -z "$version" ] || [ -z "$arch" ]; then
  die 13 "$installer has no Package, Version or Architecture field"
fi
host=$(dpkg --print-architecture)
if [ "$arch" != all ] && [ "$arch" != "$host" ] &&
  ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
  die 14 "$installer is built for $arch, this machine is $host"
fi
log "installer holds $name $version ($arch)"

# --- already installed? ----------------------------------------------------------------------
state=$(installed_state "$name")
fresh=no
case "$state" in
  "installed $version")
    log "$name $version is already installed; nothing to do"
    exit 0
    ;;
  "" | not-installed* | config-files*)
    fresh=yes
    log "$name is not installed; installing $version instead of updating"
    ;;
  *)
    if [ "${state%% *}" = installed ]; then
      log "updating $name in place from ${state#* } to $version"
    else
      log "updating $name in place from ${state#* } (state ${state%% *}) to $version"
    fi
    ;;
esac

# --- update ----------------------------------------------------------------------------------
rc=1
if [ "$tool" = apt-get ]; then
  # A path (it starts with /) makes apt-get install that very file and resolve its dependencies.
  log "running: apt-get install -y --allow-downgrades $installer"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --allow-downgrades -o Dpkg::Use-Pty=0 \
    -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "$installer"
  rc=$?
  if [ "$rc" != 0 ]; then
    # e.g. other packages on the machine are broken, or the package lists are stale.
    log "apt-get exited with $rc; falling back to dpkg -i"
  fi
fi
if [ "$rc" != 0 ]; then
  log "running: dpkg -i $installer"
  DEBIAN_FRONTEND=noninteractive dpkg -i --force-confdef --force-confold "$installer"
  rc=$?
  if [ "$rc" != 0 ]; then
    if [ "$fresh" = yes ]; then
      # dpkg leaves a package it could not configure half-installed; take it out again.
      log "rolling back: dpkg --remove $name (it was not installed before)"
      dpkg --remove "$name" >/dev/null 2>&1 || log "rollback failed; see dpkg -l $name"
    fi
    die 15 "dpkg -i failed with exit code $rc; see the messages above (missing dependencies? apt-get update, then retry)"
  fi
fi

# --- verify ----------------------------------------------------------------------------------
state=$(installed_state "$name")
if [ "$state" != "installed $version" ]; then
  die 16 "$name $version is not installed after the update command reported success (state: ${state:-none})"
fi
log "updated to $name $version"
exit 0
