# Sourced by bin/wolfscale, bin/wolfctl and bin/test: finds a Java 21+ runtime and the WolfScale jar.
# From a checkout it (re)builds target/wolfscale.jar when it is missing or older than the sources;
# from an installed layout (<prefix>/bin + <prefix>/lib/wolfscale.jar) it uses the installed jar.

ws_die() { echo "$(basename "$0"): $*" >&2; exit 2; }

ws_java_version() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

ws_find_java() {
  local candidates=() c v
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/temurin-21-jdk-amd64/bin/java)
  for c in /usr/lib/jvm/*/bin/java; do candidates+=("$c"); done
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in "${candidates[@]}"; do
    [[ -x "$c" ]] || continue
    v="$(ws_java_version "$c")"
    if [[ "$v" =~ ^[0-9]+$ ]] && (( v >= 21 )); then
      WS_JAVA="$c"
      export JAVA_HOME="$(cd "$(dirname "$c")/.." && pwd)"
      # Maven's own libraries use sun.misc.Unsafe; JDK 24+ warns about it on every build
      (( v >= 24 )) && export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      return 0
    fi
  done
  ws_die "WolfScale needs Java 21 or newer and found none. Install a JDK 21+ (e.g. Temurin 21/25 from adoptium.net, or 'apt-get install openjdk-21-jdk-headless' on Ubuntu 24.04 / Debian 13) or set JAVA_HOME."
}

ws_find_jar() { # sets WS_JAR; WS_ROOT must be the directory above bin/
  if [[ -f "$WS_ROOT/pom.xml" && -d "$WS_ROOT/src/main" ]]; then
    WS_JAR="$WS_ROOT/target/wolfscale.jar"
    if [[ ! -f "$WS_JAR" ]] || [[ -n "$(find "$WS_ROOT/src/main" "$WS_ROOT/pom.xml" -newer "$WS_JAR" -print -quit 2>/dev/null)" ]]; then
      echo "$(basename "$0"): building $WS_JAR (sources changed) ..." >&2
      (cd "$WS_ROOT" && ./mvnw -q -B -DskipTests package >&2) || ws_die "build failed; run ./mvnw -DskipTests package to see why"
    fi
  elif [[ -f "$WS_ROOT/lib/wolfscale.jar" ]]; then
    WS_JAR="$WS_ROOT/lib/wolfscale.jar"
  else
    ws_die "cannot find wolfscale.jar: expected $WS_ROOT/lib/wolfscale.jar (installed) or a source checkout at $WS_ROOT"
  fi
}

# Installs the distribution packages $2.. when the program $1 is missing, if this runs as root with apt-get;
# otherwise says what to install and exits. Package scripts are told not to start services (policy-rc.d):
# the tests and the demo start their own servers and must not find a system MariaDB taking port 3306.
ws_install_packages() {
  local who="$1"; shift
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "$who: installing $* (the system service is not started)" >&2
    local made_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1
    fi
    local rc=0
    { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; } >&2 || rc=$?
    [[ $made_policy == 1 ]] && rm -f /usr/sbin/policy-rc.d
    (( rc == 0 )) || ws_die "installing $* failed (apt-get exit $rc); install them by hand: sudo apt-get install $*"
  else
    echo "$who: needs $*. Install with:" >&2
    echo "    sudo apt-get install $*" >&2
    exit 1
  fi
}

ws_have_mariadbd() {
  command -v mariadbd >/dev/null 2>&1 || [[ -x /usr/sbin/mariadbd ]]
}

# The sub-command of a `wolfscale` command line: its first argument that is not an option (or an option's value).
ws_subcommand() {
  while (( $# > 0 )); do
    case "$1" in
      -l|--log-level) shift; (( $# > 0 )) && shift ;;
      -*) shift ;;
      *) echo "$1"; return 0 ;;
    esac
  done
  return 0
}
