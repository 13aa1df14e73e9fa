#!/usr/bin/env bash
# Builds the Flink differential harness (test/interop/flink, README.md section "Flink") with Maven:
# target/flink-harness.jar plus its dependencies in target/lib (Flink 1.20, paimon-flink-1.20 1.3.1). The Maven
# repository lives in test/interop/flink/.m2 (git-ignored), so a
# clean clone needs Maven Central once and later runs are offline-fast. Skips the build when the jar is newer
# than pom.xml and every source file. Needs Java >= 17 (JAVA_HOME or `java` on PATH) and Maven (`mvn`, or
# MVN=/path/to/mvn).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$here/flink"
jar="$project/target/flink-harness.jar"
mvn="${MVN:-mvn}"

fail() { echo "interop flink setup: $*" >&2; exit 1; }

command -v java >/dev/null 2>&1 ||
  fail "'java' not found. The Flink harness needs a JDK >= 17 (e.g. apt-get install openjdk-17-jdk-headless)."
version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${version%%.*}" -ge 17 ]] 2>/dev/null ||
  fail "java $version is too old: Flink 1.20 with Paimon 1.3 here needs Java >= 17."

if [[ -f "$jar" && -d "$project/target/lib" ]] &&
  [[ -z "$(find "$project/pom.xml" "$project/src" -newer "$jar" -print -quit)" ]]; then
  exit 0
fi

command -v "$mvn" >/dev/null 2>&1 ||
  fail "'$mvn' not found. Building the Flink harness needs Maven >= 3.6 (apt-get install maven, or MVN=/path/to/mvn)."
echo "interop flink setup: building test/interop/flink with Maven (repository test/interop/flink/.m2)" >&2
rm -rf "$project/target"
"$mvn" -q -B -Dstyle.color=never -f "$project/pom.xml" -Dmaven.repo.local="$project/.m2" package ||
  fail "'mvn package' in test/interop/flink failed (see above). The first build needs Maven Central."
[[ -f "$jar" ]] || fail "the build finished but $jar is missing."
echo "interop flink setup: ready ($jar)" >&2
