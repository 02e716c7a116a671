#!/bin/sh
# uninstall.sh - AWS Systems Manager Distributor uninstall script, package {{PACKAGE_NAME}} {{VERSION}}.
#
# SSM Agent runs it as `sh uninstall.sh` (the shebang is ignored) in the folder the package zip was
# extracted to, next to the installer {{INSTALLER}}. POSIX sh only. The package to remove is the one
# named in that installer's header (`rpm -qp --qf '%{NAME}'`), so uninstall removes exactly what
# install.sh installed; nothing is hard-coded.
#
# Steps: check prerequisites; stop if the package is not installed; `rpm -e` every installed
# instance of it; verify with `rpm -q`.
#
# Exit codes:
#   0   removed, or the package was not installed (nothing done)
#   10  not running as root
#   11  a required tool is missing (rpm)
#   12  the installer file is missing or unreadable (it names the package to remove)
#   13  the installer is not a readable rpm package
#   15  rpm failed to remove the package (e.g. another package depends on it)
#   16  rpm reported success but the package is still installed

set -u

# rpm and the tools it runs may live in sbin folders that a minimal PATH lacks.
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

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd -P) || die 12 "cannot resolve the folder of $0"
installer=$here/'{{INSTALLER}}'

log "uninstall.sh: package '{{PACKAGE_NAME}}' version '{{VERSION}}', installer $installer"

# --- prerequisites ---------------------------------------------------------------------------
uid=$(id -u 2>/dev/null) || uid=''
if [ "$uid" != 0 ]; then
  die 10 "must run as root (uid is ${uid:-unknown}); SSM Agent runs package scripts as root"
fi
if ! command -v rpm >/dev/null 2>&1; then
  die 11 "rpm not found (PATH=$PATH): this package is for rpm-based systems"
fi
if [ ! -f "$installer" ] || [ ! -r "$installer" ]; then
  die 12 "installer not found or unreadable: $installer (it names the package to remove)"
fi
log "prerequisites ok: root, $(rpm --version 2>/dev/null)"

# --- which package ---------------------------------------------------------------------------
name=$(rpm -qp --nosignature --qf '%{NAME}' "$installer") || die 13 "cannot read the rpm header of $installer"
if [ -z "$name" ]; then
  die 13 "the rpm header of $installer has no package name"
fi
log "installer names package $name"

# --- installed? ------------------------------------------------------------------------------
if ! rpm -q "$name" >/dev/null 2>&1; then
  log "$name is not installed; nothing to do"
  exit 0
fi
current=$(rpm -q --qf '%{VERSION}-%{RELEASE}.%{ARCH}\n' "$name" | tr '\n' ' ')
current=${current% }
log "$name is installed ($current); removing it"

# --- remove ----------------------------------------------------------------------------------
log "running: rpm -e --allmatches $name"
rpm -e --allmatches "$name" || die 15 "rpm -e failed with exit code $?; see the messages above"

# --- verify ----------------------------------------------------------------------------------
if rpm -q "$name" >/dev/null 2>&1; then
  die 16 "$name is still installed after rpm -e reported success"
fi
log "removed $name"
exit 0
