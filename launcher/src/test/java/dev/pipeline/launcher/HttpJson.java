package dev.pipeline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;

/** GET of a JSON document, through the launcher's own HTTP client, for tests outside this package. */
public final class HttpJson {

    private static final ServiceClient CLIENT = new ServiceClient();

    private HttpJson() {
    }

    /** The body of a 200 answer; an IOException for any other status or when nothing answers. */
    public static JsonNode get(URI uri) throws IOException, InterruptedException {
        return CLIENT.json(uri);
    }
}
