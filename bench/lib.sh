# Shared by the bench/* scripts (source it): Java, build, classpath, and running a main class from the
# test sources. Each benchmark prints readable lines and one JSON object as its last line.
#
#   source "$(dirname "$0")/lib.sh"
#   bench_build
#   bench_run com.wolfscale.bench.SomeBenchmark -Xmx256m -- arg1 arg2
#   bench_tempdir name; dir="$BENCH_TEMPDIR"   # on the same disk as the checkout; removed on exit

set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../bin/launcher.sh
source "$BENCH_ROOT/bin/launcher.sh"
ws_find_java   # sets WS_JAVA and JAVA_HOME (Temurin 25 preferred), MAVEN_OPTS for JDK 24+
BENCH_TEMPDIRS=()

bench_cleanup() {
  local d
  for d in "${BENCH_TEMPDIRS[@]:-}"; do
    if [[ -n "$d" && -d "$d" ]]; then rm -rf "$d"; fi
  done
  return 0 # an EXIT trap's failing last test would become the benchmark's exit status
}
trap bench_cleanup EXIT

# Compiles main and test classes and writes the dependency classpath (quietly; errors still show).
bench_build() {
  (cd "$BENCH_ROOT" \
    && ./mvnw -q -B -DskipTests test-compile >&2 \
    && ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2) \
    || ws_die "build failed; run ./mvnw -DskipTests test-compile to see why"
}

bench_classpath() {
  echo "$BENCH_ROOT/target/test-classes:$BENCH_ROOT/target/classes:$(cat "$BENCH_ROOT/target/bench-classpath.txt")"
}

# Sets BENCH_TEMPDIR to a fresh directory under target/ (same disk as the checkout, unlike a tmpfs /tmp),
# removed on exit. Not meant for $(...): a subshell could not register it for removal.
bench_tempdir() {
  mkdir -p "$BENCH_ROOT/target/bench"
  BENCH_TEMPDIR="$(mktemp -d "$BENCH_ROOT/target/bench/${1:-run}.XXXXXX")"
  BENCH_TEMPDIRS+=("$BENCH_TEMPDIR")
}

# bench_run MAIN_CLASS [JVM options...] [-- program arguments...]
bench_run() {
  local main="$1"; shift
  local jvm=() args=()
  while (($#)); do
    if [[ "$1" == "--" ]]; then shift; args=("$@"); break; fi
    jvm+=("$1"); shift
  done
  "$WS_JAVA" --enable-native-access=ALL-UNNAMED "${jvm[@]}" -cp "$(bench_classpath)" "$main" "${args[@]}"
}
