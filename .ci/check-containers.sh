#!/usr/bin/env bash
# Checks the container files where no Docker engine runs:
#   - docker-compose.yml through docker-compose 1.29's own validation (`docker-compose config -q`),
#     plus what the stack promises: its six services, a healthcheck, restart policy and memory limit
#     on each, and a generator that `--scale generator=N` can multiply (no container_name, no host port);
#   - each service's src/main/docker/Dockerfile.jvm through dockerlinter.
# Installs what is missing: docker-compose (Debian package) and dockerlinter (npm, into a cache
# folder outside the repository). Called from .ci/run; also runs alone: .ci/check-containers.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# dockerlinter 2.x needs Node.js >= 22.12; 1.2.2 runs on the Node.js 20 of these machines.
DOCKERLINTER_VERSION=1.2.2
DOCKERFILES=(
    collector-service/src/main/docker/Dockerfile.jvm
    stream-service/src/main/docker/Dockerfile.jvm
    generator-service/src/main/docker/Dockerfile.jvm
)
EXPECTED_SERVICES="collector generator postgres spark-master spark-worker stream"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_docker_compose() {
    if command -v docker-compose >/dev/null 2>&1; then
        return
    fi
    echo "== installing docker-compose (Debian package)"
    # Without `apt-get update` first when the package lists already know it; with it otherwise.
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose; then
        echo "   not in the package lists: apt-get update, then again"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose
    fi
}

ensure_dockerlinter() {
    local cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/event-pipeline-ci/dockerlinter-$DOCKERLINTER_VERSION"
    if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
        cache="$(mktemp -d)"
    fi
    DOCKERLINTER="$cache/node_modules/.bin/dockerlinter"
    if [ -x "$DOCKERLINTER" ] && "$DOCKERLINTER" --version >/dev/null 2>&1; then
        return
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "npm is needed to install dockerlinter (Node.js 20 or later)" >&2
        exit 1
    fi
    echo "== installing dockerlinter@$DOCKERLINTER_VERSION (npm, --ignore-scripts) into $cache"
    npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
        --prefix "$cache" "dockerlinter@$DOCKERLINTER_VERSION"
}

ensure_docker_compose
ensure_dockerlinter

failures=0
fail() {
    echo "FAILED: $*" >&2
    failures=$((failures + 1))
}

check_compose_services() {
    echo "== docker-compose config --services   (expect: $EXPECTED_SERVICES)"
    local services
    services="$(docker-compose config --services | sort | tr '\n' ' ' | sed 's/ $//')"
    if [ "$services" = "$EXPECTED_SERVICES" ]; then
        echo "   ok"
    else
        fail "services are '$services'"
    fi
}

# The resolved file, read with the YAML library docker-compose itself depends on.
check_compose_structure() {
    if ! python3 -c 'import yaml' >/dev/null 2>&1; then
        echo "== (python3 with PyYAML not found: structural checks of docker-compose.yml skipped)"
        return
    fi
    echo "== resolved docker-compose config: healthcheck, restart, mem_limit everywhere; build + image; generator scalable"
    if docker-compose config | python3 -c '
import sys, yaml
services = yaml.safe_load(sys.stdin)["services"]
problems = []
for name, svc in sorted(services.items()):
    for key in ("healthcheck", "restart", "mem_limit"):
        if key not in svc:
            problems.append("%s has no %s" % (name, key))
    if "start_interval" in svc.get("healthcheck", {}):
        problems.append("%s: docker-compose 1.29 rejects healthcheck start_interval" % name)
    if "build" in svc and "image" not in svc:
        problems.append("%s builds an image without naming it (image:)" % name)
for name in ("collector", "stream", "generator"):
    if "build" not in services.get(name, {}):
        problems.append("%s has no build:" % name)
generator = services.get("generator", {})
for key in ("container_name", "ports"):
    if key in generator:
        problems.append("generator has %s: --scale generator=N would clash" % key)
for p in problems:
    print("   " + p)
sys.exit(1 if problems else 0)
'; then
        echo "   ok"
    else
        fail "docker-compose.yml misses what the stack promises (above)"
    fi
}

echo "== docker-compose config -q   (docker-compose $(docker-compose version --short 2>/dev/null || echo '?'))"
if docker-compose config -q; then
    echo "   ok"
    check_compose_services
    check_compose_structure
else
    fail "docker-compose config -q rejects docker-compose.yml"
fi

for dockerfile in "${DOCKERFILES[@]}"; do
    echo "== dockerlinter -f $dockerfile -s none -e"
    if [ ! -f "$dockerfile" ]; then
        fail "$dockerfile is missing"
    elif "$DOCKERLINTER" -f "$dockerfile" -s none -e; then
        echo "   ok"
    else
        fail "dockerlinter finds problems in $dockerfile"
    fi
done

if [ "$failures" -ne 0 ]; then
    echo "container checks: $failures failed" >&2
    exit 1
fi
echo "container checks: all passed"
