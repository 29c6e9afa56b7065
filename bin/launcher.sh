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
