#!/bin/sh
# validate.sh - AWS Systems Manager Distributor validate script, package {{PACKAGE_NAME}} {{VERSION}}.
#
# SSM Agent runs it as `sh validate.sh` in the folder the package zip was extracted to, after every
# install or update (a failure there makes the agent roll the install back) and at every later run of
# the association while this version is installed (a failure makes the agent install it again, which
# repairs what is found here: see install.sh). POSIX sh only; everything is read from the installer
# {{INSTALLER}} and the installed package, nothing is hard-coded.
#
# "The agent works": the package is installed at the version of the installer, none of its files is
# missing, its configuration files are in place, and each service it owns is enabled and running
# (where an init system runs; a service that is starting gets SSM_UPTYCS_VALIDATE_WAIT seconds,
# default 20).
#
# Exit codes:
#   0   installed and running
#   10  not running as root
#   11  a required tool is missing (rpm)
#   12  the installer file is missing or unreadable
#   13  the installer is not a readable rpm package
#   20  the package is not installed
#   21  another version of the package is installed
#   22  files of the package are missing
#   23  configuration files of the package are missing
#   24  a service of the package is disabled or masked
#   25  a service of the package is not running

# What this script does; the shared code below reads it.
# shellcheck disable=SC2034 # read by the included fragments
action=validate

# Rendering puts a shared fragment in place of the line after each ": \" (the no-op ":" keeps the
# template valid sh; the fragment's first line, a comment, ends the ":" command).
# shellcheck disable=SC1083 # the braces of the include line
: \
{{INCLUDE _prelude.sh}}

# shellcheck disable=SC1083 # the braces of the include line
: \
{{INCLUDE _pkg.sh}}

# shellcheck disable=SC1083 # the braces of the include line
: \
{{INCLUDE _health.sh}}

# shellcheck disable=SC2154 # installer is set by _prelude.sh
info=$(rpm -qp --nosignature --qf '%{NAME} %{VERSION}-%{RELEASE} %{ARCH}\n' "$installer") ||
  die 13 "cannot read the rpm header of $installer"
read -r name evr arch <<EOF
$info
EOF
if [ -z "${name:-}" ] || [ -z "${evr:-}" ] || [ -z "${arch:-}" ]; then
  die 13 "the rpm header of $installer has no name, version or architecture"
fi
nevra=$name-$evr.$arch
version=$evr
log "checking $name $version: installed, files, configuration; $(health_summary)"
wait_services=1
check_health
# shellcheck disable=SC2154 # health is set by check_health (_health.sh)
if [ "$health" != ok ]; then
  die "${health%% *}" "${health#* }"
fi
log "$name $version is installed and its services run"
exit 0
