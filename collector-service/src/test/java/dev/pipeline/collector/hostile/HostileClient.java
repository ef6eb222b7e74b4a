package dev.pipeline.collector.hostile;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Sends a {@link HostileRequest} exactly as its class has it, to a collector in this JVM
 * ({@link HostileRequestsTest}) or a packaged one ({@link HostileFuzzIT}).
 *
 * <p>POSTs go with the JDK's client rather than rest-assured: that one always sends a Content-Type
 * (at least {@code *}{@code /*}), may add a charset to it, and is slow with bodies of several MiB;
 * this one sends exactly the bytes and headers of the class. A GET goes over a raw socket, since its
 * request target may be one {@link URI} refuses (a malformed percent-escape).
 */
final class HostileClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private HostileClient() {
    }

    /** What the collector answered. */
    record Answer(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** @param base {@code http://host:port} */
    static Answer send(String base, HostileRequest request) throws IOException {
        if (request.method().equals("GET")) {
            return get(URI.create(base), request);
        }
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + request.path()))
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.contentType() != null) {
            post.header("Content-Type", request.contentType());
        }
        if (request.contentEncoding() != null) {
            post.header("Content-Encoding", request.contentEncoding());
        }
        request.headers().forEach(post::header);
        try {
            HttpResponse<byte[]> response = HTTP.send(post.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** {@code GET <path>} over a socket, the target exactly as the class has it; the answer read until the server closes. */
    private static Answer get(URI base, HostileRequest request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            StringBuilder head = new StringBuilder("GET " + request.path() + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n");
            request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] response = socket.getInputStream().readAllBytes();
            int end = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (end < 0) {
                throw new IOException("an answer without the end of its headers: " + new String(response, StandardCharsets.ISO_8859_1));
            }
            String[] lines = new String(response, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = "";
            for (String line : lines) {
                if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                    contentType = line.substring(13).trim();
                }
            }
            return new Answer(status, contentType, Arrays.copyOfRange(response, end + 4, response.length));
        }
    }

    private static int indexOf(byte[] bytes, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
