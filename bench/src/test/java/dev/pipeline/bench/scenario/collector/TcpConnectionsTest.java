package dev.pipeline.bench.scenario.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TcpConnectionsTest {

    private static final List<String> TABLE = List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            // the collector listening on 8081 (0x1F91)
            "   0: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 100 1 0 100 0 0 10 0",
            // the collector's side of a connection: local port 8081, not a client socket
            "   1: 0100007F:1F91 0100007F:A000 01 00000000:00000000 00:00000000 00000000     0        0 101 1 0 20 4 30 10 -1",
            // the client's sides: remote port 8081, established
            "   2: 0100007F:A000 0100007F:1F91 01 00000000:00000000 00:00000000 00000000     0        0 102 1 0 20 4 30 10 -1",
            "   3: 0100007F:A001 0100007F:1F91 01 00000000:00000000 00:00000000 00000000     0        0 103 1 0 20 4 30 10 -1",
            // closing (TIME_WAIT), not counted
            "   4: 0100007F:A002 0100007F:1F91 06 00000000:00000000 03:00000000 00000000     0        0 0 3 0",
            // another process's connection to the port (not one of the client's sockets)
            "   5: 0100007F:A003 0100007F:1F91 01 00000000:00000000 00:00000000 00000000     0        0 104 1 0 20 4 30 10 -1");

    @Test
    void countsTheClientsEstablishedConnectionsToThePort() {
        assertThat(TcpConnections.count(TABLE, 8081, Set.of("102", "103"))).isEqualTo(2);
        assertThat(TcpConnections.count(TABLE, 8081, Set.of("102", "103", "104"))).isEqualTo(3);
        assertThat(TcpConnections.count(TABLE, 8082, Set.of("102", "103"))).isZero();
    }
}
