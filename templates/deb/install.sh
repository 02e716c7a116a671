#!/bin/sh
# install.sh - AWS Systems Manager Distributor install script, package {{PACKAGE_NAME}} {{VERSION}}.
#
# SSM Agent runs it as `sh install.sh` (dash on Debian/Ubuntu; the shebang is ignored) in the folder
# the package zip was extracted to, next to the installer {{INSTALLER}}. POSIX sh only. Everything
# about the package (name, version, architecture) is read from the installer file itself
# (`dpkg-deb -f`); nothing is hard-coded.
#
# Steps: check prerequisites; stop if this exact version is already installed; install the file
# with `apt-get install <file>` so dependencies resolve, or with `dpkg -i` when apt-get is absent or
# fails (a failed fresh dpkg -i is rolled back); verify with `dpkg-query`.
#
# Exit codes:
#   0   installed, or this exact version was already installed (nothing done)
#   10  not running as root
#   11  a required tool is missing (dpkg, dpkg-deb or dpkg-query)
#   12  the installer file is missing or unreadable
#   13  the installer is not a readable .deb package
#   14  the installer is built for another architecture than this machine
#   15  apt-get or dpkg failed to install the package
#   16  the command reported success but the version is not installed afterwards

# What this script does; the shared code below reads it.
# shellcheck disable=SC2034 # read by the included fragments
action=install

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
