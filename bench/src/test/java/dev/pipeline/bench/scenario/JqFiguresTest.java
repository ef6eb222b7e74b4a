package dev.pipeline.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JqFiguresTest {

    @Test
    void roundsHalvesAwayFromZeroAsJqDoes() {
        assertThat(JqFigures.round(2.5)).isEqualTo(3);
        assertThat(JqFigures.round(-2.5)).isEqualTo(-3);
        assertThat(JqFigures.round(-0.55, 1)).isEqualTo(-0.6);
        assertThat(JqFigures.round(0.4567, 2)).isEqualTo(0.46);
    }

    @Test
    void percentileIsTheValueAtFloorOfNMinusOneTimesP() {
        List<Long> values = List.of(50L, 10L, 40L, 20L, 30L);
        assertThat(JqFigures.pct(values, 0.5)).isEqualTo(30);
        // floor(4 * 0.99) = 3: the second largest, not the largest
        assertThat(JqFigures.pct(values, 0.99)).isEqualTo(40);
        assertThat(JqFigures.pct(List.of(7L), 0.99)).isEqualTo(7);
        assertThat(JqFigures.pct(List.of(), 0.5)).isNull();
    }

    @Test
    void writesWholeNumbersWithoutADecimalPoint() {
        assertThat(JqFigures.number(120.0).toString()).isEqualTo("120");
        assertThat(JqFigures.number(0.5).toString()).isEqualTo("0.5");
        assertThat(JqFigures.number((Long) null).isNull()).isTrue();
    }

    @Test
    void textAndAlternativeAsInAJqString() {
        assertThat(JqFigures.text(MissingNode.getInstance())).isEqualTo("null");
        assertThat(JqFigures.text(JqFigures.number(3.0))).isEqualTo("3");
        assertThat(JqFigures.text(TextNode.valueOf("auto"))).isEqualTo("auto");
        assertThat(JqFigures.or(BooleanNode.FALSE, TextNode.valueOf("-")).asText()).isEqualTo("-");
        assertThat(JqFigures.or(NullNode.getInstance(), TextNode.valueOf("-")).asText()).isEqualTo("-");
        assertThat(JqFigures.or(JqFigures.number(0), TextNode.valueOf("-")).asInt()).isZero();
    }

    // Formerly JqValuesTest (the collector, generators and startup scenarios' figures)

    @Test
    void writesWholeNumbersWithoutADecimalPointAndNaNAsNull() throws Exception {
        assertThat(BenchRun.JSON.writeValueAsString(JqFigures.number(30.0))).isEqualTo("30");
        assertThat(BenchRun.JSON.writeValueAsString(JqFigures.number(0.5))).isEqualTo("0.5");
        assertThat(JqFigures.number(Double.NaN).isNull()).isTrue();
        assertThat(JqFigures.number((Double) null).isNull()).isTrue();
    }

    @Test
    void roundsHalvesAwayFromZeroAsJq() {
        assertThat(JqFigures.round(0.125, 2)).isEqualTo(0.13);
        assertThat(JqFigures.round(-0.125, 2)).isEqualTo(-0.13);
        assertThat(JqFigures.round(2.5, 0)).isEqualTo(3.0);
        assertThat(JqFigures.round(1234.5678, 3)).isEqualTo(1234.568);
    }

    @Test
    void normalizesWholeDoublesDeepInADocument() throws Exception {
        var node = BenchRun.JSON.readTree("{\"a\": 5.0, \"b\": [1.0, 2.5, {\"c\": 3.0}], \"d\": \"5.0\", \"e\": null}");
        assertThat(BenchRun.JSON.writeValueAsString(JqFigures.normalized(node)))
                .isEqualTo("{\"a\":5,\"b\":[1,2.5,{\"c\":3}],\"d\":\"5.0\",\"e\":null}");
    }

    @Test
    void showsValuesInASentenceAsJqInterpolationDoes() throws Exception {
        var node = BenchRun.JSON.readTree("{\"n\": 20.0, \"x\": 0.039, \"s\": \"text\", \"z\": null, \"f\": false}");
        assertThat(JqFigures.text(node.path("n"))).isEqualTo("20");
        assertThat(JqFigures.text(node.path("x"))).isEqualTo("0.039");
        assertThat(JqFigures.text(node.path("s"))).isEqualTo("text");
        assertThat(JqFigures.text(node.path("z"))).isEqualTo("null");
        assertThat(JqFigures.text(node.path("missing"))).isEqualTo("null");
        assertThat(JqFigures.or(node.path("missing"), "?")).isEqualTo("?");
        assertThat(JqFigures.or(node.path("f"), "?")).isEqualTo("?");
        assertThat(JqFigures.text((Double) null)).isEqualTo("null");
    }

    // Formerly sink.FiguresTest (the sink, table-growth and cluster scenarios' figures)

    @Test
    void roundsAndRatesAsJqDid() {
        assertThat(JqFigures.round(0.8349, 2)).isEqualTo(0.83);
        assertThat(JqFigures.round(0.835, 2)).isEqualTo(0.84);
        assertThat(JqFigures.round(3.25, 1)).isEqualTo(3.3);
        // rows / ms * 1000 | floor
        assertThat(JqFigures.perSecond(1_000_000, 10_931)).isEqualTo(91_482);
        assertThat(JqFigures.perSecond(20_000, 232)).isEqualTo(86_206);
    }

    @Test
    void aRatioNeedsBothFiguresAndANonZeroDivisor() {
        assertThat(JqFigures.ratio(IntNode.valueOf(91_482), IntNode.valueOf(109_673)).asDouble()).isEqualTo(0.83);
        assertThat(JqFigures.ratio(IntNode.valueOf(1), MissingNode.getInstance()).isNull()).isTrue();
        assertThat(JqFigures.ratio(IntNode.valueOf(1), IntNode.valueOf(0)).isNull()).isTrue();
    }

    @Test
    void wholeNumbersAreWrittenWithoutADecimalPointAsJsonIntegers() {
        assertThat(JqFigures.number(122.0).isIntegralNumber()).isTrue();
        assertThat(JqFigures.number(122.0).asLong()).isEqualTo(122);
        assertThat(JqFigures.number(10.931).isDouble()).isTrue();
    }

    @Test
    void printsLikeJqStringInterpolation() {
        assertThat(JqFigures.text(86_400 / 3600.0)).isEqualTo("24");
        assertThat(JqFigures.text(0.0001)).isEqualTo("0.0001");
        assertThat(JqFigures.text(DoubleNode.valueOf(10.931))).isEqualTo("10.931");
        assertThat(JqFigures.text(MissingNode.getInstance())).isEqualTo("null");
        assertThat(JqFigures.or(NullNode.getInstance(), "-")).isEqualTo("-");
        assertThat(JqFigures.or(TextNode.valueOf("15.2"), "?")).isEqualTo("15.2");
    }
}
