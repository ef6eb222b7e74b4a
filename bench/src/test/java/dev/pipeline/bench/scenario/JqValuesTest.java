package dev.pipeline.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JqValuesTest {

    @Test
    void writesWholeNumbersWithoutADecimalPoint() throws Exception {
        assertThat(BenchRun.JSON.writeValueAsString(JqValues.number(30.0))).isEqualTo("30");
        assertThat(BenchRun.JSON.writeValueAsString(JqValues.number(0.5))).isEqualTo("0.5");
        assertThat(JqValues.number(Double.NaN).isNull()).isTrue();
        assertThat(JqValues.numberOrNull(null).isNull()).isTrue();
    }

    @Test
    void roundsHalvesAwayFromZeroAsJq() {
        assertThat(JqValues.round(0.125, 2)).isEqualTo(0.13);
        assertThat(JqValues.round(-0.125, 2)).isEqualTo(-0.13);
        assertThat(JqValues.round(2.5, 0)).isEqualTo(3.0);
        assertThat(JqValues.round(1234.5678, 3)).isEqualTo(1234.568);
    }

    @Test
    void normalizesWholeDoublesDeepInADocument() throws Exception {
        var node = BenchRun.JSON.readTree("{\"a\": 5.0, \"b\": [1.0, 2.5, {\"c\": 3.0}], \"d\": \"5.0\", \"e\": null}");
        assertThat(BenchRun.JSON.writeValueAsString(JqValues.normalized(node)))
                .isEqualTo("{\"a\":5,\"b\":[1,2.5,{\"c\":3}],\"d\":\"5.0\",\"e\":null}");
    }

    @Test
    void showsValuesInASentenceAsJqInterpolationDoes() throws Exception {
        var node = BenchRun.JSON.readTree("{\"n\": 20.0, \"x\": 0.039, \"s\": \"text\", \"z\": null, \"f\": false}");
        assertThat(JqValues.text(node.path("n"))).isEqualTo("20");
        assertThat(JqValues.text(node.path("x"))).isEqualTo("0.039");
        assertThat(JqValues.text(node.path("s"))).isEqualTo("text");
        assertThat(JqValues.text(node.path("z"))).isEqualTo("null");
        assertThat(JqValues.text(node.path("missing"))).isEqualTo("null");
        assertThat(JqValues.textOr(node.path("missing"), "?")).isEqualTo("?");
        assertThat(JqValues.textOr(node.path("f"), "?")).isEqualTo("?");
        assertThat(JqValues.text((Double) null)).isEqualTo("null");
    }
}
