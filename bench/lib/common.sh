# shellcheck shell=bash
# Shared by every benchmark script (collector- and generators-bench.sh directly, the stream ones
# through stream-lib.sh): sourced, not run. Sourcing it cd's to the repository root (the caller's
# directory is kept in CALLER_PWD, for paths given on the command line). Expects the caller to have set
# `set -euo pipefail` and NAME (the script's short name, for messages). See bench/README.md.

CALLER_PWD=$PWD
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1

COLLECTOR_JAR=collector-service/target/quarkus-app/quarkus-run.jar
STREAM_JAR=stream-service/target/quarkus-app/quarkus-run.jar
GENERATOR_JAR=generator-service/target/quarkus-app/quarkus-run.jar
BENCH_JAR=bench/target/bench.jar
RESULTS_DIR=bench/results
READY_TIMEOUT_S="${BENCH_READY_TIMEOUT:-120}"
STOP_TIMEOUT_S=30

die() {
    echo "$NAME: $*" >&2
    exit 1
}

say() {
    echo "[$(date -u +%H:%M:%S)] $NAME: $*" >&2
}

now_ms() {
    local t=${EPOCHREALTIME//[!0-9]/}
    echo $((t / 1000))
}

# Milliseconds in a duration: 30s, 500ms, 2m, 1h or plain seconds.
to_ms() {
    case "$1" in
        *ms) echo $((${1%ms})) ;;
        *s) echo $((${1%s} * 1000)) ;;
        *m) echo $((${1%m} * 60000)) ;;
        *h) echo $((${1%h} * 3600000)) ;;
        *) echo $(($1 * 1000)) ;;
    esac
}

# Seconds (a decimal) in a millisecond count, as the JSON and `sleep` take them.
ms_to_s() {
    awk -v ms="$1" 'BEGIN { print ms / 1000 }'
}

# need TOOL...: dies unless every tool is on the PATH. A missing jq, psql or curl is installed from
# Debian's packages first when that is possible (root, apt-get), so the suite runs on a fresh machine.
need() {
    local tool missing=()
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 && continue
        case "$tool" in
            psql) missing+=(postgresql-client) ;;
            jq | curl) missing+=("$tool") ;;
            *) die "$tool is needed" ;;
        esac
    done
    ((${#missing[@]} == 0)) && return 0
    if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        die "needs ${missing[*]}: install them (Debian/Ubuntu: apt-get install ${missing[*]}) and run again"
    fi
    say "installing ${missing[*]} (apt-get) ..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null \
        || die "could not install ${missing[*]}; install them and run again"
}

# positive_ints VALUE...: dies unless every value is a whole number > 0.
positive_ints() {
    local n
    for n in "$@"; do
        [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "not a positive whole number: $n"
    done
}

# durations VALUE...: dies unless every value is a duration the scripts and bench.jar take.
durations() {
    local d
    for d in "$@"; do
        [[ "$d" =~ ^[0-9]+(ms|s|m)?$ ]] || die "not a duration: $d (use e.g. 30s, 500ms, 2m)"
    done
}

# A path given on the command line, made absolute against the caller's directory.
caller_path() {
    if [[ "$1" == /* ]]; then echo "$1"; else echo "$CALLER_PWD/$1"; fi
}

# How a file is named in a results file: relative to the repository when inside it, else its base
# name (results files are committed: no machine-specific absolute paths in them).
repo_relative() {
    local rel
    rel=$(realpath -m --relative-to=. "$1")
    if [[ "$rel" == ../* ]]; then basename "$1"; else echo "$rel"; fi
}

# --- build ---------------------------------------------------------------------------------------

# True when a jar is missing or a source that goes into it changed after it was built.
stale() {
    local jar=$1
    shift
    [[ ! -f "$jar" ]] && return 0
    [[ -n "$(find "$@" -newer "$jar" -type f \( -name '*.java' -o -name '*.xml' -o -name '*.properties' -o -name '*.sql' \) \
        -not -path '*/target/*' -print -quit 2>/dev/null)" ]]
}

# build_if_stale auto|never MODULE...: builds the named modules (with what they need) when a jar is stale.
build_if_stale() {
    local mode=$1
    shift
    local modules=("$@") needed=false m
    for m in "${modules[@]}"; do
        case "$m" in
            stream-service) stale "$STREAM_JAR" pom.xml event-model spark-opens stream-service sql && needed=true ;;
            collector-service) stale "$COLLECTOR_JAR" pom.xml event-model collector-service && needed=true ;;
            generator-service) stale "$GENERATOR_JAR" pom.xml event-model generator-service && needed=true ;;
            bench) stale "$BENCH_JAR" pom.xml bench/pom.xml bench/src && needed=true ;;
        esac
    done
    if [[ "$mode" == auto && "$needed" == true ]]; then
        say "building ${modules[*]} ..."
        local build=("${modules[@]}")
        # The stream service's Quarkus extension (spark-opens) must have its deployment half in the
        # same build, or a machine whose Maven repository never held the project cannot build it.
        [[ " ${modules[*]} " == *" stream-service "* ]] && build+=(spark-opens/deployment)
        ./mvnw -q -B -ntp package -DskipTests -pl "$(IFS=,; echo "${build[*]}")" -am
    fi
    for m in "${modules[@]}"; do
        case "$m" in
            stream-service) [[ -f "$STREAM_JAR" ]] || die "$STREAM_JAR is missing; build it with ./mvnw package -pl stream-service,spark-opens/deployment -am" ;;
            collector-service) [[ -f "$COLLECTOR_JAR" ]] || die "$COLLECTOR_JAR is missing; build it with ./mvnw package -pl collector-service -am" ;;
            generator-service) [[ -f "$GENERATOR_JAR" ]] || die "$GENERATOR_JAR is missing; build it with ./mvnw package -pl generator-service -am" ;;
            bench) [[ -f "$BENCH_JAR" ]] || die "$BENCH_JAR is missing; build it with ./mvnw package -pl bench -am" ;;
        esac
    done
}

# --- the run's folder, clean-up and results file --------------------------------------------------

WORK=""
STARTED_PIDS=()
CLEANUP_HOOKS=()

# On exit, error and Ctrl-C: stop every process the script started, run the hooks, remove WORK.
bench_cleanup() {
    local hook
    stop_all_started
    for hook in "${CLEANUP_HOOKS[@]}"; do
        "$hook" || true
    done
    if [[ -n "$WORK" ]]; then rm -rf "$WORK"; fi
}

# bench_begin SCENARIO: a temporary WORK folder, the traps, and RESULT_FILE =
# bench/results/SCENARIO-<UTC date>.json (STAMP is the date); OUT is the results being built.
bench_begin() {
    local scenario=$1
    WORK="$(mktemp -d -t "$NAME.XXXXXX")"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
    mkdir -p "$RESULTS_DIR"
    STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
    RESULT_FILE="$RESULTS_DIR/$scenario-$STAMP.json"
    OUT="$WORK/result.json"
}

# add JQ_ARGS...: applies a jq filter to the results being built.
add() {
    jq "$@" "$OUT" >"$OUT.new" && mv "$OUT.new" "$OUT"
}

# The results being built become RESULT_FILE, printed as tables by RESULTS_PRINTER (a command or
# function taking the file; default bench/stream-tables.sh).
bench_finish() {
    cp "$OUT" "$RESULT_FILE"
    echo >&2
    "${RESULTS_PRINTER:-bench/stream-tables.sh}" "$RESULT_FILE"
    echo "results: $RESULT_FILE"
}

# --- the common head of every results file: date, commit, machine ----------------------------------

git_commit() {
    git rev-parse --short HEAD 2>/dev/null || echo unknown
}

git_dirty() {
    if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then echo true; else echo false; fi
}

# {date, git_commit, git_dirty, machine: {nproc, mem_total_mb, java, kernel}}
base_head_json() {
    jq -n --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg commit "$(git_commit)" --argjson dirty "$(git_dirty)" \
        --argjson nproc "$(nproc)" \
        --argjson mem "$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)" \
        --arg java "$(java -version 2>&1 | head -n 1 | tr -d '"')" \
        --arg kernel "$(uname -r)" \
        '{date: $date, git_commit: $commit, git_dirty: $dirty,
          machine: {nproc: $nproc, mem_total_mb: $mem, java: $java, kernel: $kernel}}'
}

# --- ports and processes -------------------------------------------------------------------------

port_taken() {
    [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]] || curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"
}

refuse_taken_port() {
    if port_taken "$1"; then
        die "port $1 is taken; stop what listens there or choose another port (see --help)"
    fi
}

# The default ports of the pipeline may belong to someone else's run on this machine: say so.
note_default_ports() {
    local p busy=()
    for p in 8081 8082 8083; do
        port_taken "$p" && busy+=("$p")
    done
    if ((${#busy[@]})); then
        say "ports ${busy[*]} are in use by another process (another run on this machine?); this benchmark uses its own ports"
    fi
    return 0
}

# start_java VAR LOG PORT JAR [ENV_ARG ...] [-- JVM_OPTION ...]: starts a packaged service in the
# background with `env ENV_ARG... java BENCH_JAVA_OPTS JVM_OPTION... -jar JAR` (ENV_ARG: NAME=VALUE, or
# env's -u NAME), stores its pid in VAR, and waits until /q/health/ready answers 200, polling every
# 50 ms for at most READY_TIMEOUT_S; READY_MS is the time that took.
start_java() {
    local var=$1 log=$2 port=$3 jar=$4
    launch_java "$@"
    await_ready "${!var}" "$log" "$port" "$jar"
}

# launch_java VAR LOG PORT JAR [ENV_ARG ...] [-- JVM_OPTION ...]: start_java without the wait, for
# starting several services at once; await_ready each of them afterwards. LAUNCHED_MS is when it started.
launch_java() {
    local var=$1 log=$2 port=$3 jar=$4
    shift 4
    local env_args=() jvm=()
    while (($#)); do
        if [[ "$1" == -- ]]; then
            shift
            jvm=("$@")
            break
        fi
        env_args+=("$1")
        shift
    done
    refuse_taken_port "$port"
    LAUNCHED_MS=$(now_ms)
    # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
    env "${env_args[@]}" QUARKUS_HTTP_PORT="$port" java ${BENCH_JAVA_OPTS:-} "${jvm[@]}" -jar "$jar" >"$log" 2>&1 &
    printf -v "$var" '%s' "$!"
    STARTED_PIDS+=("$!")
}

# await_ready PID LOG PORT JAR [SINCE_MS]: waits until the service of launch_java answers 200 on
# /q/health/ready (every 50 ms, at most READY_TIMEOUT_S; dies with the tail of LOG if it exits or
# times out); READY_MS is the time since SINCE_MS (default: LAUNCHED_MS, the last launch).
await_ready() {
    local pid=$1 log=$2 port=$3 jar=$4 since=${5:-$LAUNCHED_MS}
    local deadline=$((SECONDS + READY_TIMEOUT_S))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/q/health/ready" || true)" == 200 ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "--- last 40 lines of $log ---" >&2
            tail -n 40 "$log" >&2
            die "$jar exited during start-up (log above)"
        fi
        if ((SECONDS >= deadline)); then
            echo "--- last 40 lines of $log ---" >&2
            tail -n 40 "$log" >&2
            die "$jar was not ready within ${READY_TIMEOUT_S}s (GET /q/health/ready)"
        fi
        sleep 0.05
    done
    # shellcheck disable=SC2034 # for the caller
    READY_MS=$(($(now_ms) - since))
}

# SIGTERM, then SIGKILL after STOP_TIMEOUT_S.
stop_pid() {
    local pid=$1 i
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "pid $pid did not stop within ${STOP_TIMEOUT_S}s of SIGTERM; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# Stops the started processes, newest first (a sampler or client before the service it watches).
stop_all_started() {
    local i
    for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${STARTED_PIDS[$i]}"
    done
    STARTED_PIDS=()
}

# Forgets a pid (stopped or ended on its own) so that the clean-up does not signal it again.
forget_pid() {
    local keep=() p
    for p in "${STARTED_PIDS[@]}"; do
        [[ "$p" == "$1" ]] || keep+=("$p")
    done
    STARTED_PIDS=("${keep[@]}")
}

# --- the machine's load --------------------------------------------------------------------------

# Busy and total jiffies of the whole machine: "busy total" (for how loaded the machine was overall,
# including processes of other runs that share it).
machine_jiffies() {
    awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; total = busy + $5 + $6; print busy, total }' /proc/stat
}

# Cores busy between two machine_jiffies readings.
machine_cores() {
    awk -v a="$1" -v b="$2" -v n="$(nproc)" 'BEGIN {
        split(a, x, " "); split(b, y, " ");
        printf "%.2f\n", (y[2] > x[2]) ? n * (y[1] - x[1]) / (y[2] - x[2]) : 0 }'
}

# wait_quiet: waits (at most BENCH_QUIET_TIMEOUT s, default 600) until the machine has been nearly idle
# (under 0.3 busy cores) for 3 s, so a measurement does not start on top of someone else's build.
# Call it when none of this benchmark's own processes is busy. QUIET_WAITED_S is how long it waited.
wait_quiet() {
    local limit=${BENCH_QUIET_TIMEOUT:-600} start=$SECONDS a b cores said=false
    while :; do
        a=$(machine_jiffies)
        sleep 3
        b=$(machine_jiffies)
        cores=$(machine_cores "$a" "$b")
        if awk -v c="$cores" 'BEGIN { exit !(c < 0.3) }'; then
            break
        fi
        if ((SECONDS - start >= limit)); then
            say "the machine is still busy ($cores cores) after ${limit}s; measuring anyway (see machine_cores_busy)"
            break
        fi
        if [[ "$said" == false ]]; then
            say "the machine is busy ($cores cores, another run?); waiting for it to calm down ..."
            said=true
        fi
    done
    # shellcheck disable=SC2034 # for the caller
    QUIET_WAITED_S=$((SECONDS - start))
}

# Resident memory of a process in MB: "rss hwm".
rss_mb() {
    awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } END { printf "%.0f %.0f\n", r / 1024, h / 1024 }' "/proc/$1/status" 2>/dev/null || echo "0 0"
}

# proc_stat FILE: the fields of a /proc/<pid>/stat after its "(command)", into the array PROC_STAT
# (index 1 the parent pid, 11 utime, 12 stime, 13 cutime, 14 cstime, in clock ticks); false when the
# file cannot be read (the process is gone).
proc_stat() {
    local stat
    read -r stat <"$1" || return 1
    read -r -a PROC_STAT <<<"${stat##*) }"
}

# ticks_s TICKS: clock ticks as CPU seconds.
ticks_s() {
    awk -v t="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f\n", t / hz }'
}

# CPU seconds a process used so far (user + system).
cpu_s() {
    proc_stat "/proc/$1/stat" || { echo 0; return; }
    ticks_s $((PROC_STAT[11] + PROC_STAT[12]))
}

# proc_children PID: "pid ticks" for each child of a process (from /proc), ticks = its utime + stime +
# cutime + cstime in clock ticks: what it used, with what it has reaped of its own children.
proc_children() {
    local parent=$1 f
    for f in /proc/[0-9]*/stat; do
        proc_stat "$f" 2>/dev/null || continue
        [[ "${PROC_STAT[1]}" == "$parent" ]] || continue
        f=${f#/proc/}
        echo "${f%/stat}" $((PROC_STAT[11] + PROC_STAT[12] + PROC_STAT[13] + PROC_STAT[14]))
    done
}

# child_pids PID: the pids of a process's children, one a line (e.g. the executors a Spark worker started).
child_pids() {
    proc_children "$1" | cut -d' ' -f1
}

# children_cpu_s PID: CPU seconds a process's children used so far: those running (with what they reaped
# themselves) plus those the process has reaped (its own cutime + cstime). The difference of two readings
# therefore also counts a child that started or ended between them (e.g. PostgreSQL's backends, one per
# connection: children of the server's main process).
children_cpu_s() {
    local parent=$1 reaped
    proc_stat "/proc/$parent/stat" 2>/dev/null || { echo 0; return; }
    reaped=$((PROC_STAT[13] + PROC_STAT[14]))
    ticks_s $((reaped + $(proc_children "$parent" | awk '{ t += $2 } END { print t + 0 }')))
}

# --- hot methods of a flight recording -----------------------------------------------------------

jfr_tool() {
    local java_bin
    java_bin="$(readlink -f "$(command -v java)")"
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jfr" ]]; then
        echo "$JAVA_HOME/bin/jfr"
    elif [[ -x "$(dirname "$java_bin")/jfr" ]]; then
        echo "$(dirname "$java_bin")/jfr"
    else
        command -v jfr || die "the jfr tool of the JDK was not found"
    fi
}

# hot_methods RECORDING [TOP] [WHAT]: the most sampled frames of a flight recording: on top of the
# stack (where CPU goes) and the innermost dev.pipeline frame (which of our code paths it goes to).
# WHAT is said after the sample count, e.g. "at 32 connections".
hot_methods() {
    local recording=$1 top=${2:-20} what=${3:-} samples total kind jfr_bin
    samples="$(mktemp "${TMPDIR:-/tmp}/hot-methods.XXXXXX")"
    jfr_bin=$(jfr_tool)
    "$jfr_bin" print --stack-depth 64 --events jdk.ExecutionSample "$recording" |
        awk '
            /stackTrace = \[/ { in_stack = 1; first = 1; ours = ""; next }
            in_stack && /^[[:space:]]*\]/ {
                in_stack = 0
                print "ours\t" (ours == "" ? "(no dev.pipeline frame)" : ours)
                next
            }
            in_stack {
                frame = $0
                sub(/^[[:space:]]+/, "", frame)
                sub(/[[:space:]]+line:.*$/, "", frame)
                if (frame == "...") next
                if (first) { print "top\t" frame; first = 0 }
                if (ours == "" && frame ~ /^dev\.pipeline\./) ours = frame
            }' >"$samples"
    total=$(grep -c '^top' "$samples" || true)
    echo
    echo "hot methods: $total execution samples${what:+ $what} ($recording)"
    for kind in top ours; do
        [[ $kind == top ]] && echo "  top of stack (self time):" || echo "  innermost dev.pipeline frame on the stack:"
        { grep "^$kind" "$samples" | cut -f2 | sort | uniq -c | sort -rn || true; } |
            awk -v total="$total" -v top="$top" '
                NR <= top { n = $1; $1 = ""; printf "    %5.1f%%  %s\n", 100 * n / (total ? total : 1), substr($0, 2) }
                END { if (NR == 0) print "    (none)" }'
    done
    rm -f "$samples"
}
