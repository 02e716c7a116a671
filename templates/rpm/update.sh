#!/bin/sh
# update.sh - AWS Systems Manager Distributor in-place update script, package {{PACKAGE_NAME}} {{VERSION}}.
#
# SSM Agent runs it as `sh install.sh` (the shebang is ignored) in the folder the package zip was
# extracted to, next to the installer {{INSTALLER}}. POSIX sh only. Everything about the package
# (name, version, architecture) is read from the installer file itself; nothing is hard-coded.
#
# Used by AWS-ConfigureAWSPackage with installationType "In-place update": the installed package is
# upgraded in place (no uninstall first). Steps: check prerequisites; stop if this exact build is
# already installed; upgrade with the system package manager (dnf/yum upgrade, zypper install) so
# dependencies resolve, or with `rpm -U` when none is present or it did not install this build
# (rpm -U also installs the package when it is absent); verify with `rpm -q`.
#
# Exit codes:
#   0   updated (or installed when absent), or this exact build was already installed
#   10  not running as root
#   11  a required tool is missing (rpm)
#   12  the installer file is missing or unreadable
#   13  the installer is not a readable rpm package
#   14  the installer is built for another architecture than this machine
#   15  the package manager failed to update the package
#   16  the package manager reported success but the build is not installed afterwards

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

log "update.sh: package '{{PACKAGE_NAME}}' version '{{VERSION}}', installer $installer"

# --- prerequisites ---------------------------------------------------------------------------
uid=$(id -u 2>/dev/null) || uid=''
if [ "$uid" != 0 ]; then
  die 10 "must run as root (uid is ${uid:-unknown}); SSM Agent runs package scripts as root"
fi
if ! command -v rpm >/dev/null 2>&1; then
  die 11 "rpm not found (PATH=$PATH): this package is for rpm-based systems"
fi
if [ ! -f "$installer" ] || [ ! -r "$installer" ]; then
  die 12 "installer not found or unreadable: $installer"
fi
pm=''
for candidate in dnf yum zypper; do
  if command -v "$candidate" >/dev/null 2>&1; then
    pm=$candidate
    break
  fi
done
log "prerequisites ok: root, $(rpm --version 2>/dev/null), package manager: ${pm:-none, will use rpm -U}"

# --- what the installer holds ----------------------------------------------------------------
info=$(rpm -qp --nosignature --qf '%{NAME} %{VERSION}-%{RELEASE} %{ARCH}\n' "$installer") ||
  die 13 "cannot read the rpm header of $installer"
read -r name evr arch <<EOF
$info
EOF
if [ -z "${name:-}" ] || [ -z "${evr:-}" ] || [ -z "${arch:-}" ]; then
  die 13 "the rpm header of $installer has no name, version or architecture"
fi
nevra=$name-$evr.$arch
machine=$(uname -m)
case "$arch" in
  noarch | "$machine") ;;
  x86_64 | aarch64) die 14 "$installer is built for $arch, this machine is $machine" ;;
esac
log "installer holds $nevra"

# --- already installed? ----------------------------------------------------------------------
if rpm -q "$nevra" >/dev/null 2>&1; then
  log "$nevra is already installed; nothing to do"
  exit 0
fi
current=''
if rpm -q "$name" >/dev/null 2>&1; then
  current=$(rpm -q --qf '%{VERSION}-%{RELEASE}.%{ARCH}\n' "$name" | tr '\n' ' ')
  current=${current% }
fi
if [ -n "$current" ]; then
  log "updating $name in place from $current to $evr.$arch"
  action=upgrade
else
  log "$name is not installed; installing $evr.$arch instead of updating"
  action=install
fi

# --- update ----------------------------------------------------------------------------------
if [ -n "$pm" ]; then
  case "$pm" in
    dnf | yum)
      log "running: $pm -y $action $installer"
      "$pm" -y "$action" "$installer"
      ;;
    zypper)
      # zypper upgrades a package when given a newer local rpm to install.
      log "running: zypper --non-interactive install $installer"
      zypper --non-interactive install "$installer"
      ;;
  esac
  rc=$?
  if [ "$rc" != 0 ]; then
    log "$pm exited with $rc; falling back to rpm -U"
  elif ! rpm -q "$nevra" >/dev/null 2>&1; then
    log "$pm did not install $nevra (a newer build may be installed); falling back to rpm -U"
  fi
fi
if ! rpm -q "$nevra" >/dev/null 2>&1; then
  log "running: rpm -U --oldpackage $installer"
  rpm -U --oldpackage "$installer" || die 15 "rpm -U failed with exit code $?; see the messages above"
fi

# --- verify ----------------------------------------------------------------------------------
if ! rpm -q "$nevra" >/dev/null 2>&1; then
  die 16 "$nevra is not installed after the update command reported success"
fi
log "updated to $nevra"
exit 0
