package dev.pipeline.bench.scenario.collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A client's open TCP connections to a local port, from {@code /proc/net/tcp} and {@code /proc/net/tcp6}:
 * established sockets whose remote port is the server's and which belong to the client process (their
 * inode is among its file descriptors), i.e. the client's side of each connection. Counting the
 * client's own leaves out other connections to the port, e.g. the idle keep-alive one this JVM's
 * readiness check leaves open.
 */
final class TcpConnections {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** {@code st} of an established socket in the kernel's table. */
    private static final String ESTABLISHED = "01";

    private TcpConnections() {
    }

    /** Connections of process {@code clientPid} to {@code port} on this machine now; 0 when it is gone. */
    static int ofProcessToPort(long clientPid, int port) {
        Set<String> sockets = socketInodes(clientPid);
        if (sockets.isEmpty()) {
            return 0;
        }
        int count = 0;
        for (Path table : TABLES) {
            try {
                count += count(Files.readAllLines(table, StandardCharsets.US_ASCII), port, sockets);
            } catch (IOException e) {
                // no IPv6 table on this kernel: nothing to count there
            }
        }
        return count;
    }

    /**
     * The lines of one table ({@code sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout
     * inode ...}, addresses as {@code 0100007F:1F91}) that are established, to the port, and one of the sockets.
     */
    static int count(List<String> lines, int port, Set<String> socketInodes) {
        String remotePort = String.format(Locale.ROOT, ":%04X", port);
        int count = 0;
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 9 && fields[2].endsWith(remotePort) && fields[3].equals(ESTABLISHED)
                    && socketInodes.contains(fields[9])) {
                count++;
            }
        }
        return count;
    }

    /** The inodes of a process's sockets: its file descriptors that link to {@code socket:[inode]}. */
    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return inodes;
    }
}
