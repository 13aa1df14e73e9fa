#!/usr/bin/env bash
# Builds the Paimon Java oracle (test/interop/java, see README.md there) with Maven: target/paimon-oracle.jar
# plus its dependencies in target/lib. The Maven repository lives in test/interop/java/.m2 (git-ignored), so a
# clean clone needs Maven Central once and later runs are offline-fast. Skips the build when the jar is newer
# than pom.xml and every source file. Needs Java >= 17 (JAVA_HOME or `java` on PATH) and Maven (`mvn`, or
# MVN=/path/to/mvn).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$here/java"
jar="$project/target/paimon-oracle.jar"
mvn="${MVN:-mvn}"

fail() { echo "interop java setup: $*" >&2; exit 1; }

command -v java >/dev/null 2>&1 ||
  fail "'java' not found. The Paimon Java oracle needs a JDK >= 17 (e.g. apt-get install openjdk-17-jdk-headless)."
version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${version%%.*}" -ge 17 ]] 2>/dev/null ||
  fail "java $version is too old: the oracle (and Paimon 1.3) needs Java >= 17."

if [[ -f "$jar" && -d "$project/target/lib" ]] &&
  [[ -z "$(find "$project/pom.xml" "$project/src" -newer "$jar" -print -quit)" ]]; then
  exit 0
fi

command -v "$mvn" >/dev/null 2>&1 ||
  fail "'$mvn' not found. Building the Paimon Java oracle needs Maven >= 3.6 (apt-get install maven, or MVN=/path/to/mvn)."
echo "interop java setup: building test/interop/java with Maven (repository test/interop/java/.m2)" >&2
rm -rf "$project/target"
"$mvn" -q -B -Dstyle.color=never -f "$project/pom.xml" -Dmaven.repo.local="$project/.m2" package ||
  fail "'mvn package' in test/interop/java failed (see above). The first build needs Maven Central."
[[ -f "$jar" ]] || fail "the build finished but $jar is missing."
echo "interop java setup: ready ($jar)" >&2
