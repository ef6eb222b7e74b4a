package dev.pipeline.collector.config;

/** The protocols the collector can answer ({@code COLLECTOR_PROTOCOLS}); one switched off is a 404. */
public enum Protocol {
    /** {@code POST /events}, the collector's own. */
    EVENTS("request"),
    /** Segment's HTTP Tracking API, {@code /v1/*}: also what RudderStack's and Jitsu's SDKs send. */
    SEGMENT("segment request"),
    /** Snowplow's tracker protocol: {@code POST /com.snowplowanalytics.snowplow/tp2} and {@code GET /i}. */
    SNOWPLOW("snowplow request");

    private final String requestName;

    Protocol(String requestName) {
        this.requestName = requestName;
    }

    /** How a quarantine record's {@code source} names a request of this protocol. */
    public String requestName() {
        return requestName;
    }
}
