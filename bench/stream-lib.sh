# Shared by the stream-service benchmarks (sink, e2e, growth, startup): sourced, not run.
# Expects the caller to have set `set -euo pipefail`, cd'ed to the repository root and set NAME
# (the script's short name, for messages). See bench/README.md.

STREAM_JAR=stream-service/target/quarkus-app/quarkus-run.jar
COLLECTOR_JAR=collector-service/target/quarkus-app/quarkus-run.jar
BENCH_JAR=bench/target/bench.jar
RESULTS_DIR=bench/results
READY_TIMEOUT_S="${BENCH_READY_TIMEOUT:-120}"
STOP_TIMEOUT_S=30

# PostgreSQL: the libpq variables, defaulting to the local server with trust auth.
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

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

# Milliseconds in a duration: 30s, 500ms, 2m or plain seconds.
to_ms() {
    case "$1" in
        *ms) echo $((${1%ms})) ;;
        *s) echo $((${1%s} * 1000)) ;;
        *m) echo $((${1%m} * 60000)) ;;
        *h) echo $((${1%h} * 3600000)) ;;
        *) echo $(($1 * 1000)) ;;
    esac
}

need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is needed"
    done
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
            bench) stale "$BENCH_JAR" pom.xml bench/pom.xml bench/src && needed=true ;;
        esac
    done
    if [[ "$mode" == auto && "$needed" == true ]]; then
        say "building ${modules[*]} ..."
        ./mvnw -q -B -ntp package -DskipTests -pl "$(IFS=,; echo "${modules[*]}")" -am
    fi
    for m in "${modules[@]}"; do
        case "$m" in
            stream-service) [[ -f "$STREAM_JAR" ]] || die "$STREAM_JAR is missing; build it with ./mvnw package -pl stream-service -am" ;;
            collector-service) [[ -f "$COLLECTOR_JAR" ]] || die "$COLLECTOR_JAR is missing" ;;
            bench) [[ -f "$BENCH_JAR" ]] || die "$BENCH_JAR is missing" ;;
        esac
    done
}

# --- PostgreSQL ----------------------------------------------------------------------------------

CREATED_DBS=()

pg_check() {
    psql -X -qAt -d postgres -c 'select 1' >/dev/null 2>&1 ||
        die "PostgreSQL does not answer at $PGHOST:$PGPORT as $PGUSER (set PGHOST/PGPORT/PGUSER)"
}

# A new empty database (dropped first if a previous run left it); dropped again on exit.
fresh_db() {
    local db=$1
    [[ "$db" =~ ^bench_[a-z0-9_]+$ ]] || die "refusing to drop a database not named bench_*: $db"
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
    CREATED_DBS+=("$db")
}

drop_dbs() {
    local db
    [[ "${BENCH_KEEP_DB:-}" == 1 ]] && return 0
    for db in "${CREATED_DBS[@]}"; do
        psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true
    done
    CREATED_DBS=()
}

sql() {
    local db=$1
    shift
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

sql_value() {
    psql -X -qAt -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

jdbc_url() {
    echo "jdbc:postgresql://$PGHOST:$PGPORT/$1"
}

# --- ports and processes -------------------------------------------------------------------------

port_taken() {
    [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]] || curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"
}

refuse_taken_port() {
    if port_taken "$1"; then
        die "port $1 is taken; stop what listens there or choose another with --port"
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

# start_java VAR LOG PORT JAR [ENV=VALUE ...]: starts a packaged service in the background, stores its
# pid in VAR, and waits until /q/health/ready answers 200; READY_MS is the time that took.
start_java() {
    local var=$1 log=$2 port=$3 jar=$4
    shift 4
    refuse_taken_port "$port"
    local t0 pid
    t0=$(now_ms)
    # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
    env "$@" QUARKUS_HTTP_PORT="$port" java ${BENCH_JAVA_OPTS:-} -jar "$jar" >"$log" 2>&1 &
    pid=$!
    printf -v "$var" '%s' "$pid"
    STARTED_PIDS+=("$pid")
    local deadline=$((SECONDS + READY_TIMEOUT_S))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/q/health/ready" || true)" == 200 ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 40 "$log" >&2
            die "$jar exited during start-up (log above)"
        fi
        if ((SECONDS >= deadline)); then
            tail -n 40 "$log" >&2
            die "$jar was not ready within ${READY_TIMEOUT_S}s"
        fi
        sleep 0.05
    done
    READY_MS=$(($(now_ms) - t0))
}

STARTED_PIDS=()

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

stop_all_started() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        stop_pid "$pid"
    done
    STARTED_PIDS=()
}

# Resident memory of a process in MB: "rss hwm".
rss_mb() {
    awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } END { printf "%.0f %.0f\n", r / 1024, h / 1024 }' "/proc/$1/status" 2>/dev/null || echo "0 0"
}

# CPU seconds a process used so far (user + system).
cpu_s() {
    local stat fields
    read -r stat <"/proc/$1/stat" || { echo 0; return; }
    stat=${stat##*) }
    read -r -a fields <<<"$stat"
    awk -v t=$((fields[11] + fields[12])) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f\n", t / hz }'
}

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

# sample_rss PID OUT: every 0.5 s "epoch_ms rss_kb" until the process ends or the sampler is stopped.
sample_rss() {
    local pid=$1 out=$2 key value rest rss
    while kill -0 "$pid" 2>/dev/null; do
        rss=0
        while read -r key value rest; do
            [[ "$key" == VmRSS: ]] && rss=$value
        done <"/proc/$pid/status" 2>/dev/null || true
        echo "$(now_ms) $rss" >>"$out"
        sleep 0.5
    done
}

# Heap of a JVM after a full GC, in MB (jcmd; empty when it cannot be read).
heap_after_gc_mb() {
    local pid=$1
    command -v jcmd >/dev/null || return 0
    jcmd "$pid" GC.run >/dev/null 2>&1 || return 0
    jcmd "$pid" GC.heap_info 2>/dev/null |
        awk '/garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); printf "%.0f\n", v / 1024; exit } }'
}

# --- the stream service's debug log --------------------------------------------------------------

# Epoch ms of a log time HH:MM:SS.mmm (the service logs UTC wall time without a date): today's date,
# or yesterday's when that would be in the future.
log_time_ms() {
    local hms=$1 base now
    now=$(now_ms)
    base=$(date -u -d "$(date -u +%F) ${hms}" +%s%3N)
    if ((base > now + 3600000)); then
        base=$((base - 86400000))
    fi
    echo "$base"
}

# batches_tsv LOG: one line per micro-batch the service logged at DEBUG:
# batch files rows stage_ms inserted commit_ms committed_log_ms trigger_ms latest_offset_ms add_batch_ms
# wal_commit_ms commit_offsets_ms query_planning_ms get_batch_ms progress_log_ms load_ms quarantined
# Two forms of the service's line are read: "Batch N: F files, R rows loaded, K new, Q quarantined, in X ms"
# (each partition loads and commits its own files; load = X) and the earlier "Batch N: F files, R rows
# staged in X ms, K new committed in Y ms" (stage = X, commit = Y, load = X + Y). -1 = not logged.
batches_tsv() {
    local log=$1
    local day
    day=$(date -u +%F)
    awk '
        function ms(hms,   a) { split(hms, a, ":"); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 }
        / Batch [0-9]+: [0-9]+ files, / {
            match($0, /Batch [0-9]+:/); b = substr($0, RSTART + 6, RLENGTH - 7) + 0
            n = split($0, w, " ")
            for (i = 1; i <= n; i++) {
                if (w[i] == "files,") files[b] = w[i - 1]
                if (w[i] == "rows" && w[i + 1] == "staged") { rows[b] = w[i - 1]; stage[b] = w[i + 3] }
                if (w[i] == "new" && w[i + 1] == "committed") { ins[b] = w[i - 1]; commit[b] = w[i + 3]; load[b] = stage[b] + commit[b] }
                if (w[i] == "rows" && w[i + 1] == "loaded,") rows[b] = w[i - 1]
                if (w[i] == "new,") ins[b] = w[i - 1]
                if (w[i] == "quarantined,") { quar[b] = w[i - 1]; if (w[i + 1] == "in") load[b] = w[i + 2] }
            }
            clog[b] = ms($1); seen[b] = 1
        }
        / Batch [0-9]+ took \{/ && /addBatch=/ {
            match($0, /Batch [0-9]+ took/); b = substr($0, RSTART + 6, RLENGTH - 11) + 0
            match($0, /\{[^}]*\}/); m = substr($0, RSTART + 1, RLENGTH - 2)
            k = split(m, kv, ", ")
            for (i = 1; i <= k; i++) { split(kv[i], p, "="); d[b, p[1]] = p[2] }
            plog[b] = ms($1); seen[b] = 1
        }
        function v(arr, key) { return (key in arr) ? arr[key] : -1 }
        function dv(key, name) { return ((key, name) in d) ? d[key, name] : -1 }
        END {
            for (b in seen) {
                printf "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", b,
                    (b in files) ? files[b] : 0, (b in rows) ? rows[b] : 0, v(stage, b),
                    (b in ins) ? ins[b] : 0, v(commit, b), v(clog, b),
                    dv(b, "triggerExecution"), dv(b, "latestOffset"), dv(b, "addBatch"), dv(b, "walCommit"),
                    dv(b, "commitOffsets"), dv(b, "queryPlanning"), dv(b, "getBatch"), v(plog, b),
                    v(load, b), (b in quar) ? quar[b] : 0
            }
        }' "$log" | sort -n | awk -v base="$(date -u -d "$day 00:00:00" +%s%3N)" -v now="$(now_ms)" '
        BEGIN { OFS = "\t" }
        {   # ms of day -> epoch ms (a log line in the future belongs to yesterday)
            for (i = 7; i <= 15; i += 8) if ($i >= 0) { $i = base + $i; if ($i > now + 3600000) $i -= 86400000 }
            print }'
}

# batches_json LOG [FIRST LAST]: the batches of batches_tsv (optionally only ids FIRST..LAST) as a JSON array.
batches_json() {
    local log=$1 first=${2:-0} last=${3:-999999999}
    batches_tsv "$log" | awk -v f="$first" -v l="$last" '$1 >= f && $1 <= l' | jq -R -s '
        split("\n") | map(select(length > 0) | split("\t") | map(tonumber) | {
            batch: .[0], files: .[1], rows: .[2], stage_ms: .[3], inserted: .[4], commit_ms: .[5],
            committed_epoch_ms: .[6], trigger_ms: .[7], latest_offset_ms: .[8], add_batch_ms: .[9],
            wal_commit_ms: .[10], commit_offsets_ms: .[11], query_planning_ms: .[12], get_batch_ms: .[13],
            progress_epoch_ms: .[14], load_ms: .[15], quarantined: .[16]})'
}

# --- results -------------------------------------------------------------------------------------

# The common head of every results file: date, commit, machine.
results_head_json() {
    jq -n --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        --arg commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
        --argjson dirty "$([[ -n "$(git status --porcelain 2>/dev/null)" ]] && echo true || echo false)" \
        --argjson nproc "$(nproc)" \
        --argjson mem "$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)" \
        --arg java "$(java -version 2>&1 | head -n 1 | tr -d '"')" \
        --arg kernel "$(uname -r)" \
        --arg pg "$(psql -X -qAt -d postgres -c 'show server_version' 2>/dev/null || echo unknown)" \
        --arg sb "$(psql -X -qAt -d postgres -c 'show shared_buffers' 2>/dev/null || echo unknown)" \
        --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
        '{date: $date, git_commit: $commit, git_dirty: $dirty,
          machine: {nproc: $nproc, mem_total_mb: $mem, java: $java, kernel: $kernel,
                    postgres: $pg, shared_buffers: $sb, loadavg_at_start: $load}}'
}

# wait_quiet: waits (at most BENCH_QUIET_TIMEOUT s, default 600) until the machine has been nearly idle
# (under 0.3 busy cores) for 3 s, so a measurement does not start on top of someone else's build.
# Call it when none of this benchmark's own processes run. QUIET_WAITED_S is how long it waited.
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
    QUIET_WAITED_S=$((SECONDS - start))
}

# hot_methods RECORDING: the most sampled frames of a flight recording: on top of the stack (where CPU
# goes) and the innermost dev.pipeline frame (which of the service's code paths it goes to).
hot_methods() {
    local recording=$1 top=${2:-20} samples total kind jfr_bin
    samples="$(dirname "$recording")/.samples-$$.txt"
    jfr_bin="$(dirname "$(readlink -f "$(command -v java)")")/jfr"
    [[ -x "$jfr_bin" ]] || jfr_bin=jfr
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
    echo "hot methods: $total execution samples ($recording)"
    for kind in top ours; do
        [[ $kind == top ]] && echo "  top of stack (self time):" || echo "  innermost dev.pipeline frame on the stack:"
        { grep "^$kind" "$samples" | cut -f2 | sort | uniq -c | sort -rn || true; } |
            awk -v total="$total" -v top="$top" 'NR <= top { n = $1; $1 = ""; printf "    %5.1f%%  %s\n", 100 * n / (total ? total : 1), substr($0, 2) }'
    done
    rm -f "$samples"
}
