#!/bin/sh
# update.sh - AWS Systems Manager Distributor in-place update script, package {{PACKAGE_NAME}} {{VERSION}}.
#
# SSM Agent runs it as `sh update.sh` (dash on Debian/Ubuntu; the shebang is ignored) in the folder
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

# What this script does; the shared code below reads it.
# shellcheck disable=SC2034 # read by the included fragments
action=update

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

# shellcheck disable=SC1083 # the braces of the include line
: \
{{INCLUDE _install.sh}}
