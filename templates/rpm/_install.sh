# _install.sh - the rest of install.sh and update.sh, after _prelude.sh.
# shellcheck shell=sh
# shellcheck disable=SC2154 # action is set by the including script, installer by _prelude.sh
#
# Reads the package identity from the installer, stops if this exact build is installed, installs
# or updates it, verifies. Rendering copies it into both scripts; `action` (install or update)
# chooses the messages and the dnf/yum command (update upgrades an installed package in place).

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
  # The SSM Agent runs install again when validate.sh failed on this build: repair what it found.
  check_health
  case "$health" in
    ok)
      log "$nevra is already installed; nothing to do"
      exit 0
      ;;
    2[23]*)
      log "$nevra is installed but ${health#* }; installing it again to restore them"
      log "running: rpm -U --replacepkgs --oldpackage $installer"
      rpm -U --replacepkgs --oldpackage "$installer" || die 15 "rpm -U failed with exit code $?; see the messages above"
      ensure_services
      log "repaired $nevra"
      exit 0
      ;;
    *)
      log "$nevra is installed but ${health#* }; starting its services"
      ensure_services
      exit 0
      ;;
  esac
fi
current=''
if rpm -q "$name" >/dev/null 2>&1; then
  current=$(rpm -q --qf '%{VERSION}-%{RELEASE}.%{ARCH}\n' "$name" | tr '\n' ' ')
  current=${current% }
fi
# What dnf and yum are told to do: install, or for update.sh with a version installed, upgrade.
verb=install
if [ -n "$current" ] && [ "$action" = update ]; then
  log "updating $name in place from $current to $evr.$arch"
  verb=upgrade
elif [ -n "$current" ]; then
  log "$name is installed at another version ($current); replacing it with $evr.$arch"
elif [ "$action" = update ]; then
  log "$name is not installed; installing $evr.$arch instead of updating"
else
  log "$name is not installed; installing $evr.$arch"
fi

# --- install or update -----------------------------------------------------------------------
if [ -n "$pm" ]; then
  case "$pm" in
    dnf | yum)
      log "running: $pm -y $verb $installer"
      "$pm" -y "$verb" "$installer"
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
  die 16 "$nevra is not installed after the $action command reported success"
fi
ensure_services
if [ "$action" = update ]; then
  log "updated to $nevra"
else
  log "installed $nevra"
fi
exit 0
