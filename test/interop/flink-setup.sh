#!/usr/bin/env bash
# Builds the Flink differential harness (test/interop/flink, README.md section "Flink"; Flink 1.20,
# paimon-flink-1.20 1.3.1): target/flink-harness.jar, with the Maven repository in test/interop/flink/.m2
# (maven-build.sh; the first build downloads ~300 MB).
exec bash "$(dirname "$0")/maven-build.sh" flink flink-harness.jar "the Flink harness"
