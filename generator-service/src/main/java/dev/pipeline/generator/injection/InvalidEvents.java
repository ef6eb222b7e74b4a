package dev.pipeline.generator.injection;

import static dev.pipeline.model.EventFields.EVENT_ID;
import static dev.pipeline.model.EventFields.EVENT_TIMESTAMP;
import static dev.pipeline.model.EventFields.EVENT_TYPE;
import static dev.pipeline.model.EventFields.PRICE;
import static dev.pipeline.model.EventFields.PRODUCT_ID;
import static dev.pipeline.model.EventFields.USER_ID;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.validation.EventRules;
import dev.pipeline.model.validation.Reason;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Turns a valid event into one that breaks exactly one rule of the contract, so that the
 * quarantine can be reconciled with what was sent, reason by reason. Each rule is broken in a field
 * the rules check after every field left intact, so the collector refuses it for that reason and no
 * other.
 */
public final class InvalidEvents {

    /** The rules broken, one after the other, in this order. */
    public static final List<Reason> BROKEN_RULES = List.of(
            Reason.MISSING_FIELD, Reason.WRONG_TYPE, Reason.EVENT_ID_FORMAT, Reason.TOO_LONG, Reason.EMPTY,
            Reason.CONTROL_CHARACTER, Reason.EVENT_TYPE_UNKNOWN, Reason.PRICE_RANGE, Reason.PRICE_SCALE,
            Reason.TIMESTAMP_FORMAT, Reason.TIMESTAMP_FUTURE);

    /**
     * How far ahead a future timestamp is put: twice the contract's allowance, so that a collector
     * whose clock is hours off still refuses it.
     */
    private static final Duration FUTURE = EventRules.MAX_FUTURE.multipliedBy(2);

    private int next;

    /** The rule the next invalid event breaks. */
    public Reason nextRule() {
        Reason rule = BROKEN_RULES.get(next);
        next = (next + 1) % BROKEN_RULES.size();
        return rule;
    }

    /** Writes {@code event} as a JSON object that breaks {@code rule}. */
    public static void write(UserEvent event, Reason rule, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField(EVENT_ID, idAsSent(event, rule));
        if (rule == Reason.WRONG_TYPE) {
            json.writeNumberField(USER_ID, 1042);
        } else if (rule == Reason.CONTROL_CHARACTER) {
            json.writeStringField(USER_ID, event.userId() + "\u0007");
        } else {
            json.writeStringField(USER_ID, event.userId());
        }
        json.writeStringField(EVENT_TYPE, rule == Reason.EVENT_TYPE_UNKNOWN ? "refund" : event.eventType().wireName());
        json.writeStringField(PRODUCT_ID, switch (rule) {
            case TOO_LONG -> tooLong(event.productId());
            case EMPTY -> "";
            default -> event.productId();
        });
        if (rule != Reason.MISSING_FIELD) {
            json.writeFieldName(PRICE);
            json.writeNumber(switch (rule) {
                case PRICE_RANGE -> event.price().negate();
                case PRICE_SCALE -> event.price().add(new BigDecimal("0.005"));
                default -> event.price();
            });
        }
        json.writeStringField(EVENT_TIMESTAMP, switch (rule) {
            // A local time: no offset, so the instant is unknown.
            case TIMESTAMP_FORMAT -> event.eventTimestamp().atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
            case TIMESTAMP_FUTURE -> event.eventTimestamp().plus(FUTURE).toString();
            default -> event.eventTimestamp().toString();
        });
        json.writeEndObject();
    }

    /**
     * The {@code event_id} the invalid event carries: the event's own, except where the id itself is
     * the broken rule. The collector's quarantine record holds it, so a run can find each one there.
     */
    public static String idAsSent(UserEvent event, Reason rule) {
        return rule == Reason.EVENT_ID_FORMAT ? event.eventId() + "#1" : event.eventId();
    }

    /** The id made one code point longer than the contract allows. */
    private static String tooLong(String id) {
        return id + "-" + "x".repeat(Math.max(0, EventRules.MAX_ID_CODE_POINTS - id.length()));
    }
}
