#!/usr/bin/env bash
# Builds the Paimon Java peer of bench/bulk-vs-java.ts (bench/java): target/paimon-bulk-bench.jar. It uses the
# Maven repository of the interop oracle, test/interop/java/.m2 (same paimon-bundle and Hadoop artifacts), so
# after `bash test/interop/java-setup.sh` nothing is downloaded (test/interop/maven-build.sh does the build).
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/../test/interop/maven-build.sh" "$here/java" paimon-bulk-bench.jar "the Paimon Java peer" \
  "$here/../test/interop/java/.m2"
