# _health.sh - "the agent works", shared by validate.sh and the repair path of install.sh/update.sh.
# shellcheck shell=sh
# shellcheck disable=SC2154 # name (the package) is set by the including script
# shellcheck disable=SC2034 # health is read by the including script
#
# Needs from the including script: log, die, `name`, and three functions of the package tool:
#   pkg_state      prints "ok" (this build installed), "absent", or "other <what is installed>"
#   pkg_files      prints every path the installed package owns, one a line
#   pkg_missing    prints "c <path>" for each missing configuration file and "f <path>" for each other
#                  missing file the installed package owns
# Everything is read from the package itself: which services it owns (systemd units and SysV scripts
# among its files), which of its files are configuration. Nothing here names the Uptycs agent.
#
# How long a service may take to come up before it counts as not running: SSM_UPTYCS_VALIDATE_WAIT
# seconds (an association's additionalArguments set it; default 20, at most 120).

health_wait=${SSM_UPTYCS_VALIDATE_WAIT:-20}
case "$health_wait" in
  '' | *[!0-9]*) health_wait=20 ;;
esac
if [ "$health_wait" -gt 120 ]; then
  health_wait=120
fi

# Which init system manages services here: systemd when it runs (sd_booted's own test), SysV scripts
# otherwise, none in a container or chroot without either.
init_system() {
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    echo systemd
  elif [ -d /etc/init.d ]; then
    echo sysv
  else
    echo none
  fi
}

# The services the package owns, as the running init system knows them: unit names (systemd; template
# units like x@.service are instances of something else, so left out) or /etc/init.d script names.
package_services() {
  case "$(init_system)" in
    systemd) pkg_files | sed -n 's|^.*/systemd/system/\([^/@]*\.service\)$|\1|p' | sort -u ;;
    sysv) pkg_files | sed -n 's|^/etc/init\.d/\([^/]*\)$|\1|p' | sort -u ;;
  esac
}

# Whether a service should be running: systemd units that can be enabled (an [Install] section) and
# are not one-shot jobs; every SysV script the package owns.
service_expected() {
  if [ "$(init_system)" = systemd ]; then
    case "$(systemctl is-enabled "$1" 2>/dev/null)" in
      static | indirect | generated | transient | '') return 1 ;;
    esac
    [ "$(systemctl show -p Type --value "$1" 2>/dev/null)" != oneshot ]
  fi
}

# Prints "enabled" or why not: "disabled", "masked", ...
service_enablement() {
  if [ "$(init_system)" = systemd ]; then
    state=$(systemctl is-enabled "$1" 2>/dev/null) || true
    case "$state" in
      enabled | enabled-runtime | alias) echo enabled ;;
      *) echo "${state:-unknown}" ;;
    esac
  else
    echo enabled
  fi
}

# Prints "running", or the state it is in ("inactive", "failed", "stopped (status 3)", ...).
service_state() {
  if [ "$(init_system)" = systemd ]; then
    state=$(systemctl is-active "$1" 2>/dev/null) || true
    [ "$state" = active ] && state=running
    echo "${state:-unknown}"
  else
    if "/etc/init.d/$1" status >/dev/null 2>&1; then
      echo running
    else
      echo "stopped (status $?)"
    fi
  fi
}

# Waits up to health_wait seconds for a service to run (one just installed or started may take a few
# seconds); prints its last state.
service_wait() {
  waited=0
  state=$(service_state "$1")
  while [ "$state" != running ] && [ "$waited" -lt "$health_wait" ]; do
    sleep 1
    waited=$((waited + 1))
    state=$(service_state "$1")
  done
  echo "$state"
}

# shellcheck disable=SC2317 # called by install.sh and update.sh only; validate.sh carries it unused
service_start() {
  if [ "$(init_system)" = systemd ]; then
    if [ "$(service_enablement "$1")" != enabled ]; then
      log "running: systemctl enable $1"
      systemctl enable "$1" || return 1
    fi
    log "running: systemctl start $1"
    systemctl start "$1"
  else
    log "running: /etc/init.d/$1 start"
    "/etc/init.d/$1" start
  fi
}

# Sets health to "ok" or to "<exit code> <reason>", the first problem found, in the order a repair
# must take them: not installed (20), another version (21), files missing (22), configuration missing
# (23), a service disabled (24), a service not running (25). Waits for a starting service only when
# wait_services is 1 (validate.sh sets it).
check_health() {
  state=$(pkg_state)
  case "$state" in
    ok) ;;
    absent)
      health="20 $name is not installed"
      return
      ;;
    *)
      health="21 $name is installed at another version (${state#other }), not the one this package holds"
      return
      ;;
  esac
  missing=$(pkg_missing)
  files=$(printf '%s\n' "$missing" | sed -n 's/^f //p' | head -n 5 | tr '\n' ' ')
  if [ -n "$files" ]; then
    health="22 files of $name are missing: ${files% }"
    return
  fi
  conf=$(printf '%s\n' "$missing" | sed -n 's/^c //p' | head -n 5 | tr '\n' ' ')
  if [ -n "$conf" ]; then
    health="23 configuration files of $name are missing: ${conf% }"
    return
  fi
  services=$(package_services)
  for svc in $services; do
    service_expected "$svc" || continue
    enablement=$(service_enablement "$svc")
    if [ "$enablement" != enabled ]; then
      health="24 service $svc of $name is $enablement, not enabled"
      return
    fi
    if [ "${wait_services:-0}" = 1 ]; then
      svc_state=$(service_wait "$svc")
    else
      svc_state=$(service_state "$svc")
    fi
    if [ "$svc_state" != running ]; then
      health="25 service $svc of $name is not running ($svc_state)"
      return
    fi
  done
  health=ok
}

# After an install, update or repair: enables and starts every service of the package that should run
# (a package's own scripts normally do; validate would otherwise fail the install). Never fails: a
# service that does not come up is validate's to report, with its reason.
# shellcheck disable=SC2317 # called by install.sh and update.sh only; validate.sh carries it unused
ensure_services() {
  for svc in $(package_services); do
    service_expected "$svc" || continue
    if [ "$(service_enablement "$svc")" = enabled ] && [ "$(service_state "$svc")" = running ]; then
      continue
    fi
    service_start "$svc" || log "could not start service $svc (exit $?); validate.sh will report it"
  done
}

# Describes what was checked, for the log (validate.sh's first line).
# shellcheck disable=SC2317 # called by validate.sh only; install.sh and update.sh carry it unused
health_summary() {
  services=$(package_services | tr '\n' ' ')
  case "$(init_system)" in
    none) echo "no init system runs here: services not checked" ;;
    *) echo "services ($(init_system)): ${services:-none owned by $name}" ;;
  esac
}
