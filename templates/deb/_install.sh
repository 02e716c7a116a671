# _install.sh - the rest of install.sh and update.sh, after _prelude.sh.
# shellcheck shell=sh
# shellcheck disable=SC2154 # action is set by the including script, installer by _prelude.sh
#
# Reads the package identity from the installer, stops if this exact version is installed,
# installs or updates it, verifies. Rendering copies it into both scripts; `action` (install or
# update) chooses the messages (both run the same commands: apt-get or dpkg -i upgrade in place).

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
    # The SSM Agent runs install again when validate.sh failed on this version: repair what it found.
    check_health
    case "$health" in
      ok)
        log "$name $version is already installed; nothing to do"
        exit 0
        ;;
      2[23]*)
        log "$name $version is installed but ${health#* }; installing it again to restore them"
        repair=files
        ;;
      *)
        log "$name $version is installed but ${health#* }; starting its services"
        ensure_services
        exit 0
        ;;
    esac
    ;;
  "" | not-installed* | config-files*)
    fresh=yes
    if [ "$action" = update ]; then
      log "$name is not installed; installing $version instead of updating"
    else
      log "$name is not installed; installing $version"
    fi
    ;;
  *)
    if [ "$action" != update ]; then
      log "$name is present ($state); replacing it with $version"
    elif [ "${state%% *}" = installed ]; then
      log "updating $name in place from ${state#* } to $version"
    else
      log "updating $name in place from ${state#* } (state ${state%% *}) to $version"
    fi
    ;;
esac

# --- install or update -----------------------------------------------------------------------
rc=1
if [ "${repair:-}" = files ]; then
  # apt-get does nothing for a version already installed; dpkg -i unpacks it again, and
  # --force-confmiss puts back configuration files that were removed.
  log "running: dpkg -i --force-confmiss $installer"
  DEBIAN_FRONTEND=noninteractive dpkg -i --force-confmiss --force-confdef --force-confold "$installer" ||
    die 15 "dpkg -i failed with exit code $?; see the messages above"
  rc=0
elif [ "$tool" = apt-get ]; then
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
  die 16 "$name $version is not installed after the $action command reported success (state: ${state:-none})"
fi
ensure_services
if [ "${repair:-}" = files ]; then
  log "repaired $name $version"
elif [ "$action" = update ]; then
  log "updated to $name $version"
else
  log "installed $name $version"
fi
exit 0
