package dev.pipeline.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for the processes the harness starts: whatever the kernel hands out, so that runs never collide. */
public final class FreePort {

    private FreePort() {
    }

    /** A port free right now (the socket that found it is closed again, for the process about to start). */
    public static int any() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
