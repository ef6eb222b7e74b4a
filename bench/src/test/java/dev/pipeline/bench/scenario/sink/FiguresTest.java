package dev.pipeline.bench.scenario.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void roundsAndRatesAsJqDid() {
        assertThat(Figures.round2(0.8349)).isEqualTo(0.83);
        assertThat(Figures.round2(0.835)).isEqualTo(0.84);
        assertThat(Figures.round1(3.25)).isEqualTo(3.3);
        // rows / ms * 1000 | floor
        assertThat(Figures.perSecond(1_000_000, 10_931)).isEqualTo(91_482);
        assertThat(Figures.perSecond(20_000, 232)).isEqualTo(86_206);
    }

    @Test
    void aRatioNeedsBothFiguresAndANonZeroDivisor() {
        assertThat(Figures.ratio(IntNode.valueOf(91_482), IntNode.valueOf(109_673)).asDouble()).isEqualTo(0.83);
        assertThat(Figures.ratio(IntNode.valueOf(1), MissingNode.getInstance()).isNull()).isTrue();
        assertThat(Figures.ratio(IntNode.valueOf(1), IntNode.valueOf(0)).isNull()).isTrue();
    }

    @Test
    void wholeNumbersAreWrittenWithoutADecimalPoint() {
        assertThat(Figures.number(122.0).isIntegralNumber()).isTrue();
        assertThat(Figures.number(122.0).asLong()).isEqualTo(122);
        assertThat(Figures.number(10.931).isDouble()).isTrue();
    }

    @Test
    void printsLikeJqStringInterpolation() {
        assertThat(Figures.text(86_400 / 3600.0)).isEqualTo("24");
        assertThat(Figures.text(0.0001)).isEqualTo("0.0001");
        assertThat(Figures.text(DoubleNode.valueOf(10.931))).isEqualTo("10.931");
        assertThat(Figures.text(MissingNode.getInstance())).isEqualTo("null");
        assertThat(Figures.or(NullNode.getInstance(), "-")).isEqualTo("-");
        assertThat(Figures.or(TextNode.valueOf("15.2"), "?")).isEqualTo("15.2");
    }
}
