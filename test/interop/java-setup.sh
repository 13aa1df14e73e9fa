#!/usr/bin/env bash
# Builds the Paimon Java oracle (test/interop/java, see README.md there): target/paimon-oracle.jar, with the
# Maven repository in test/interop/java/.m2 (maven-build.sh).
exec bash "$(dirname "$0")/maven-build.sh" java paimon-oracle.jar "the Paimon Java oracle"
