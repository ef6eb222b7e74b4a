package dev.pipeline.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
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
}
