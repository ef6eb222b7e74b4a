#!/usr/bin/env bash
# The whole pipeline, one command: checks Java, builds what is missing, then hands over to the
# launcher (launcher/, dev.pipeline.launcher.Launcher), which starts PostgreSQL, the collector, the
# stream service and the generators, shows progress, drains and prints the summary line.
# ./run.sh --help lists the options; README.md "Quick start" says what you will see.
set -euo pipefail
cd "$(dirname "$0")"

fail() {
    echo "error: $*" >&2
    exit 2
}

# Java 17 to 21: Spark 3.5 (and its Hadoop) do not run on newer ones.
if [[ -n "${JAVA_HOME:-}" ]]; then
    java="$JAVA_HOME/bin/java"
    [[ -x "$java" ]] || fail "JAVA_HOME is $JAVA_HOME, but $java is not there. Point JAVA_HOME at a JDK 17, or unset it."
else
    java="$(command -v java || true)"
    [[ -n "$java" ]] || fail "Java not found. ./run.sh needs Java 17 (17 to 21): install a JDK 17 (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
fi
version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
major="${version#1.}"
major="${major%%.*}"
[[ "$major" =~ ^[0-9]+$ ]] || fail "cannot tell the version of $java. ./run.sh needs Java 17 (17 to 21)."
if (( major < 17 )); then
    fail "$java is Java $version; ./run.sh needs Java 17 (17 to 21). Install a JDK 17 or set JAVA_HOME to one."
fi
if (( major > 21 )); then
    fail "$java is Java $version; Spark 3.5 runs on Java 17 to 21 only. Set JAVA_HOME to a JDK 17."
fi
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$java")")")}"

jars=(launcher/target/launcher.jar
      collector-service/target/quarkus-app/quarkus-run.jar
      stream-service/target/quarkus-app/quarkus-run.jar
      generator-service/target/quarkus-app/quarkus-run.jar)
build=false
for arg in "$@"; do
    [[ "$arg" == "--rebuild" ]] && build=true
done
for jar in "${jars[@]}"; do
    [[ -f "$jar" ]] || build=true
done
if $build; then
    mkdir -p data/logs
    echo "building the services with ./mvnw package (the first time takes a few minutes; log: data/logs/build.log)"
    if ! ./mvnw -B -ntp package -DskipTests -pl launcher,spark-opens/deployment -am > data/logs/build.log 2>&1; then
        tail -n 30 data/logs/build.log >&2
        fail "the build failed; the whole log is data/logs/build.log"
    fi
fi

exec "$java" -jar launcher/target/launcher.jar "$@"
