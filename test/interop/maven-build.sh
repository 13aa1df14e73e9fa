#!/usr/bin/env bash
# maven-build.sh DIR JAR WHAT [REPO]: builds the Maven project DIR (relative to test/interop, or absolute) into
# DIR/target/JAR (dependencies in DIR/target/lib) with its Maven repository in REPO (default DIR/.m2; git-ignored),
# so a clean clone needs Maven Central once and later runs are offline-fast. Skips the build when the jar is newer than pom.xml and every source file.
# Needs Java >= 17 (JAVA_HOME or `java` on PATH) and Maven (`mvn`, or MVN=/path/to/mvn). WHAT names the project
# in messages. Used by java-setup.sh, flink-setup.sh and bench/java-setup.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir=$1
if [[ "$dir" = /* ]]; then project="$dir"; else project="$here/$dir"; fi
dir="$(basename "$project")"
jar="$project/target/$2"
what=$3
repo="${4:-$project/.m2}"
mvn="${MVN:-mvn}"

fail() { echo "interop $dir setup: $*" >&2; exit 1; }

command -v java >/dev/null 2>&1 ||
  fail "'java' not found. $what needs a JDK >= 17 (e.g. apt-get install openjdk-17-jdk-headless)."
version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${version%%.*}" -ge 17 ]] 2>/dev/null ||
  fail "java $version is too old: $what (Paimon 1.3) needs Java >= 17."

if [[ -f "$jar" && -d "$project/target/lib" ]] &&
  [[ -z "$(find "$project/pom.xml" "$project/src" -newer "$jar" -print -quit)" ]]; then
  exit 0
fi

command -v "$mvn" >/dev/null 2>&1 ||
  fail "'$mvn' not found. Building $what needs Maven >= 3.6 (apt-get install maven, or MVN=/path/to/mvn)."
echo "interop $dir setup: building $project with Maven (repository $repo)" >&2
rm -rf "$project/target"
"$mvn" -q -B -Dstyle.color=never -f "$project/pom.xml" -Dmaven.repo.local="$repo" package ||
  fail "'mvn package' in $project failed (see above). The first build needs Maven Central."
[[ -f "$jar" ]] || fail "the build finished but $jar is missing."
echo "interop $dir setup: ready ($jar)" >&2
