package dev.pipeline.bench.scenario.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * One setting of the pair under load: {@code COLLECTOR_ROLL_INTERVAL/STREAM_TRIGGER_INTERVAL}, written
 * {@code 500ms/1s} on the command line; the two intervals that bound the latency between them.
 */
record RollTrigger(String roll, String trigger) {

    private static final String INTERVAL = "[0-9]+(ms|s|m)?";

    /** {@code 500ms/1s}. */
    static RollTrigger parse(String text) {
        if (!text.matches(INTERVAL + "/" + INTERVAL)) {
            throw new IllegalArgumentException("a config is ROLL/TRIGGER, e.g. 500ms/1s, got " + text);
        }
        int slash = text.indexOf('/');
        return new RollTrigger(text.substring(0, slash), text.substring(slash + 1));
    }

    /** {@code 500ms/1s,100ms/0s} (commas or blanks between). */
    static List<RollTrigger> parseList(String text) {
        List<RollTrigger> settings = new ArrayList<>();
        for (String item : text.trim().split("[, ]+")) {
            settings.add(parse(item));
        }
        return settings;
    }

    @Override
    public String toString() {
        return roll + "/" + trigger;
    }
}
