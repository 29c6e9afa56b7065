# Shared by the bench/* scripts (sourced): finds a JDK, builds main and test classes, and runs a
# benchmark main class from src/test/java/com/wolfscale/bench with the test class path.
set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WS_ROOT="$BENCH_ROOT"
source "$BENCH_ROOT/bin/launcher.sh"
ws_find_java

bench_build() {
  (cd "$BENCH_ROOT" && ./mvnw -q -B -DskipTests test-compile >&2 \
    && ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2)
}

# bench_run MAIN_CLASS [args...]: runs the class with target/classes, target/test-classes and the dependencies
bench_run() {
  local main="$1"; shift
  "$WS_JAVA" ${BENCH_JAVA_OPTS:-} -cp "$BENCH_ROOT/target/classes:$BENCH_ROOT/target/test-classes:$(cat "$BENCH_ROOT/target/bench-classpath.txt")" \
    "$main" "$@"
}
