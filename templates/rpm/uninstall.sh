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

# What this script does; the shared code below reads it.
# shellcheck disable=SC2034 # read by the included fragment
action=uninstall

# Rendering puts a shared fragment in place of the line after each ": \" (the no-op ":" keeps the
# template valid sh; the fragment's first line, a comment, ends the ":" command).
# shellcheck disable=SC1083 # the braces of the include line
: \
{{INCLUDE _prelude.sh}}
log "prerequisites ok: root, $(rpm --version 2>/dev/null)"

# --- which package ---------------------------------------------------------------------------
# shellcheck disable=SC2154 # installer is set by _prelude.sh
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
