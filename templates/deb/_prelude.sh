# _prelude.sh - the start shared by install.sh, update.sh and uninstall.sh.
# shellcheck shell=sh
# shellcheck disable=SC2154 # action (install, update or uninstall) is set by the including script
#
# PATH, log and die, installed_state, the installer next to the script, and the prerequisites all
# three check. Rendering copies it into each script (SSM Agent runs a script alone), which sets
# `action` first.

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

log "$action.sh: package '{{PACKAGE_NAME}}' version '{{VERSION}}', installer $installer"

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
  if [ "$action" = uninstall ]; then
    die 12 "installer not found or unreadable: $installer (it names the package to remove)"
  fi
  die 12 "installer not found or unreadable: $installer"
fi
