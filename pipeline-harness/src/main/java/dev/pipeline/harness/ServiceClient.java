package dev.pipeline.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few HTTP calls made to a service from outside: readiness, a JSON document, metrics, a POST without a body. */
public final class ServiceClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    /** The status of a GET, or -1 when nothing answers. */
    public int status(URI uri) {
        try {
            return http.send(get(uri), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The answer to a GET, whatever its status. */
    public HttpResponse<String> get(URI uri, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a 200 answer; an IOException for any other status or when nothing answers. */
    public JsonNode json(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(get(uri), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** {@code /q/metrics} as Prometheus text. */
    public String metricsText(URI base) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(get(base.resolve("/q/metrics")), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(base + "/q/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** {@code /q/metrics}, each series summed over its labels. */
    public Map<String, Double> metrics(URI base) throws IOException, InterruptedException {
        return PrometheusText.parse(metricsText(base));
    }

    /** A POST without a body whose 200 answer is JSON (the generator's {@code /pause}, {@code /resume}). */
    public JsonNode post(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    }
}
