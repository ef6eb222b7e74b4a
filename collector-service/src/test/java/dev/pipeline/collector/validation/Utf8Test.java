package dev.pipeline.collector.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The strict UTF-8 check in front of the JSON parser, against the JDK's strict decoder. */
class Utf8Test {

    private static int firstInvalid(int... bytes) {
        byte[] body = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            body[i] = (byte) bytes[i];
        }
        return Utf8.firstInvalid(body, body.length);
    }

    @Test
    void validTextPasses() {
        byte[] text = "{\"u\":\"Zoë 😀 \u0645\u0631 e\u0301 \uFEFF \u07FF \u0800 \uFFFD \uD83D\uDED2\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(text, text.length)).isEqualTo(-1);
        assertThat(firstInvalid(0xF4, 0x8F, 0xBF, 0xBF)).as("U+10FFFF").isEqualTo(-1);
        assertThat(firstInvalid(0xED, 0x9F, 0xBF)).as("U+D7FF").isEqualTo(-1);
        assertThat(firstInvalid(0xEE, 0x80, 0x80)).as("U+E000").isEqualTo(-1);
    }

    @Test
    void invalidSequencesAreFoundWhereTheyStart() {
        assertThat(firstInvalid('a', 0x00)).as("NUL").isEqualTo(1);
        assertThat(firstInvalid('a', 0x80)).as("lone continuation").isEqualTo(1);
        assertThat(firstInvalid(0xC0, 0xAF)).as("overlong /").isEqualTo(0);
        assertThat(firstInvalid(0xC1, 0xBF)).as("overlong 2-byte").isEqualTo(0);
        assertThat(firstInvalid('x', 0xE0, 0x80, 0xAF)).as("overlong 3-byte").isEqualTo(1);
        assertThat(firstInvalid(0xF0, 0x80, 0x80, 0xAF)).as("overlong 4-byte").isEqualTo(0);
        assertThat(firstInvalid(0xED, 0xA0, 0x80)).as("surrogate U+D800").isEqualTo(0);
        assertThat(firstInvalid(0xF4, 0x90, 0x80, 0x80)).as("U+110000").isEqualTo(0);
        assertThat(firstInvalid(0xF5, 0x80, 0x80, 0x80)).as("F5").isEqualTo(0);
        assertThat(firstInvalid(0xFF)).as("FF").isEqualTo(0);
        assertThat(firstInvalid('a', 0xE2, 0x82)).as("cut short").isEqualTo(1);
        assertThat(firstInvalid(0xE2, 0x28, 0xA1)).as("bad continuation").isEqualTo(0);
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly the bytes that make or break sequences, never NUL (which UTF-8 allows).
                bytes[i] = (byte) (random.nextInt(4) == 0 ? 1 + random.nextInt(127) : 0x80 + random.nextInt(128));
            }
            assertThat(Utf8.firstInvalid(bytes, bytes.length) < 0).as("%s", java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(jdkAccepts(bytes));
        }
    }

    @Test
    void messageSaysWhere() {
        byte[] body = "{}\n{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Utf8.check(body, body.length)).isInstanceOf(BadRequestException.class)
                .hasMessage("the body is not valid UTF-8 at line 2, byte offset 9 (byte 0xE9); send UTF-8 JSON");
        byte[] utf16 = "{}".getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> Utf8.check(utf16, utf16.length))
                .hasMessageContaining("NUL byte at line 1, byte offset 1");
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
