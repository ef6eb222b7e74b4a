#!/usr/bin/env bash
# Draws PNG charts of the newest results file of each scenario: bench/results/*.json -> docs/bench/*.png.
# Arguments go to `bench.jar charts` ([--results DIR] [--out DIR], relative to the repository root).
# Builds bench first if its jar is missing or older than its sources. See bench/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAR=bench/target/bench.jar
if [[ ! -f "$JAR" ]] || [[ -n "$(find pom.xml bench/pom.xml bench/src -newer "$JAR" -print -quit)" ]]; then
    echo "charts: building bench ..." >&2
    ./mvnw -q -B -ntp package -DskipTests -pl bench -am
fi
exec java -Djava.awt.headless=true -jar "$JAR" charts "$@"
