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

# What this script does; the shared code below reads it.
# shellcheck disable=SC2034 # read by the included fragment
action=uninstall

# Rendering puts a shared fragment in place of the line after each ": \" (the no-op ":" keeps the
# template valid sh; the fragment's first line, a comment, ends the ":" command).
# shellcheck disable=SC1083 # the braces of the include line
: \
{{INCLUDE _prelude.sh}}
log "prerequisites ok: running as root, dpkg present"

# --- which package ---------------------------------------------------------------------------
# shellcheck disable=SC2154 # installer is set by _prelude.sh
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
