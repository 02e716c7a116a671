# _pkg.sh - what _health.sh asks of rpm, for the package `name` and build `nevra` (set before use).
# shellcheck shell=sh
# shellcheck disable=SC2154 # name and nevra are set by the including script

pkg_state() {
  if rpm -q "$nevra" >/dev/null 2>&1; then
    echo ok
  elif rpm -q "$name" >/dev/null 2>&1; then
    echo "other $(rpm -q --qf '%{VERSION}-%{RELEASE}.%{ARCH} ' "$name")"
  else
    echo absent
  fi
}

pkg_files() {
  rpm -ql "$nevra" 2>/dev/null | grep '^/'
}

# rpm -V with every attribute check off reports only missing files: "missing   c /etc/x" for a
# configuration file, "missing     /opt/x" otherwise; ghost files (g) may be absent by design.
pkg_missing() {
  rpm -V --nodeps --noscripts --nodigest --nosignature --nofiledigest --nosize --nolinkto \
    --nouser --nogroup --nomtime --nomode --nordev --nocaps "$nevra" 2>/dev/null |
    sed -n -e 's|^missing  *c  *\(/.*\)$|c \1|p' -e 's|^missing  *[dlr]  *\(/.*\)$|f \1|p' \
      -e 's|^missing  *\(/.*\)$|f \1|p'
}
