# _pkg.sh - what _health.sh asks of dpkg, for the package `name` at `version` (set before use).
# shellcheck shell=sh
# shellcheck disable=SC2154 # name and version are set by the including script

pkg_state() {
  pkg_s=$(installed_state "$name")
  case "$pkg_s" in
    "installed $version") echo ok ;;
    "" | not-installed* | config-files*) echo absent ;;
    *) echo "other $pkg_s" ;;
  esac
}

pkg_files() {
  dpkg-query -L "$name" 2>/dev/null
}

# dpkg --verify prints "missing   c /etc/x" for a configuration file, "missing     /opt/x" otherwise.
pkg_missing() {
  dpkg --verify "$name" 2>/dev/null |
    sed -n -e 's|^missing  *c  *\(/.*\)$|c \1|p' -e 's|^missing  *\(/.*\)$|f \1|p'
}
