package dev.pipeline.harness.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationDocTest {

    private static final String DOC = """
            # Configuration

            ## shop (`shop.*`)

            | setting | env var | default | meaning |
            |---|---|---|---|
            | `shop.roll-interval` | `SHOP_ROLL_INTERVAL` | `500ms` | how often a file is published |
            | `shop.api-key` | `SHOP_API_KEY` | unset | when set, requests must carry it |
            | `shop.max-in-flight` | `SHOP_MAX_IN_FLIGHT` | `16` | batches awaiting an answer |
            | `shop.spark-conf."<key>"` | `SHOP_SPARK_CONF__<KEY>_` | none | any Spark setting, `a \\| b` |
            | `shop.checkout.retries` | `SHOP_CHECKOUT_RETRIES` | `3` (three) | retries of a checkout |
            | `shop.checkout.url` | `SHOP_CHECKOUT_URL` | — | where checkouts go |
            | `shop.max-events` | `SHOP_MAX_EVENTS` | `10000` | most events in one request |

            ```
            | `shop.in-a-code-block` | `SHOP_IN_A_CODE_BLOCK` | `1` | not a row |
            ```

            | setting | env var | default | meaning |
            |---|---|---|---|
            | `other.thing` | `OTHER_THING` | `1` | another prefix, not checked here |
            """;

    @Test
    void aTruePageHasNoProblems() {
        assertThat(problems(DOC)).isEmpty();
        ConfigurationDoc.parse("docs/configuration.md", DOC).check("shop", ShopConfig.class);
    }

    @Test
    void aWrongDefaultSaysWhatTheInterfaceSays() {
        String doc = DOC.replace("| `500ms` |", "| `2s` |");

        assertThat(problems(doc)).containsExactly("docs/configuration.md:7: shop.roll-interval is documented with"
                + " default `2s` but ShopConfig says `500ms`; make the default cell start with `500ms`");
    }

    @Test
    void aDefaultOutsideBackticksIsNotADefault() {
        String doc = DOC.replace("| `16` |", "| 16 |");

        assertThat(problems(doc)).containsExactly("docs/configuration.md:9: shop.max-in-flight is documented with"
                + " default '16' but ShopConfig says `16`; make the default cell start with `16`");
    }

    @Test
    void aMemberWithoutDefaultMustSaySo() {
        String doc = DOC.replace("| `SHOP_API_KEY` | unset |", "| `SHOP_API_KEY` | `secret` |");

        assertThat(problems(doc)).containsExactly("docs/configuration.md:8: shop.api-key has no default in"
                + " ShopConfig (ShopConfig.apiKey() has no @WithDefault), so its default cell must start with unset,"
                + " none or —; it says '`secret`'");
    }

    @Test
    void aWrongVariableSaysQuarkusRule() {
        String doc = DOC.replace("`SHOP_CHECKOUT_RETRIES`", "`SHOP_CHECKOUT_RETRY`");

        assertThat(problems(doc)).containsExactly("docs/configuration.md:11: shop.checkout.retries is documented"
                + " with env var '`SHOP_CHECKOUT_RETRY`' but Quarkus reads it from `SHOP_CHECKOUT_RETRIES`; write"
                + " `SHOP_CHECKOUT_RETRIES` in the variable cell");
    }

    @Test
    void aMapVariableHoldsItsKey() {
        String doc = DOC.replace("`SHOP_SPARK_CONF__<KEY>_`", "`SHOP_SPARK_CONF_<KEY>`");

        assertThat(problems(doc)).containsExactly("docs/configuration.md:10: shop.spark-conf.\"<key>\" is documented"
                + " with env var '`SHOP_SPARK_CONF_<KEY>`' but Quarkus reads it from `SHOP_SPARK_CONF__<KEY>_`; write"
                + " `SHOP_SPARK_CONF__<KEY>_` in the variable cell");
    }

    @Test
    void aMissingRowIsNamedWithTheRowToAdd() {
        String doc = DOC.replace("| `shop.checkout.url` | `SHOP_CHECKOUT_URL` | — | where checkouts go |\n", "")
                .replace("| `shop.spark-conf.\"<key>\"` | `SHOP_SPARK_CONF__<KEY>_` | none | any Spark setting, `a \\| b` |\n", "");

        assertThat(problems(doc)).containsExactly(
                "docs/configuration.md: shop.checkout.url is not documented (Checkout.url()); add the row"
                        + " | `shop.checkout.url` | `SHOP_CHECKOUT_URL` | unset | … | to the shop.* table",
                "docs/configuration.md: shop.spark-conf.\"<key>\" is not documented (ShopConfig.sparkConf()); add the"
                        + " row | `shop.spark-conf.\"<key>\"` | `SHOP_SPARK_CONF__<KEY>_` | unset | … | to the shop.*"
                        + " table");
    }

    @Test
    void aStaleRowIsNamedWithTheNearestSetting() {
        String doc = DOC.replace("`shop.max-events` | `SHOP_MAX_EVENTS`", "`shop.max-event` | `SHOP_MAX_EVENT`");

        assertThat(problems(doc)).containsExactly(
                "docs/configuration.md:13: shop.max-event is documented, but no shop.* setting of ShopConfig has that"
                        + " name (did you mean shop.max-events?); remove the row or correct its name",
                "docs/configuration.md: shop.max-events is not documented (Limits.maxEvents()); add the row"
                        + " | `shop.max-events` | `SHOP_MAX_EVENTS` | `10000` | … | to the shop.* table");
    }

    @Test
    void aRowTwiceIsNamed() {
        String doc = DOC + "| `shop.max-events` | `SHOP_MAX_EVENTS` | `10000` | again |\n";

        assertThat(problems(doc)).containsExactly("docs/configuration.md:22: shop.max-events is documented twice"
                + " (lines 13 and 22); keep one row");
    }

    @Test
    void aRowWithoutFourCellsIsNamed() {
        String doc = DOC.replace("| `3` (three) | retries of a checkout |", "| `3` (three) |");

        assertThat(problems(doc)).containsExactly("docs/configuration.md:11: the row of shop.checkout.retries has 3"
                + " cells; a settings row has four: | `property` | `ENV_VAR` | default | meaning |");
    }

    @Test
    void aRowOfAnotherServiceOnlyIsLeftToThatService() {
        String doc = DOC.replace("| most events in one request |", "| most events in one request |\n"
                + "| `shop.dashboard` | `SHOP_DASHBOARD` | `true` | stream only: the live page |");

        assertThat(ConfigurationDoc.parse("docs/configuration.md", doc).problems("collector", ShopConfig.class))
                .isEmpty();
        assertThat(ConfigurationDoc.parse("docs/configuration.md", doc).problems("stream", ShopConfig.class))
                .singleElement().asString().startsWith("docs/configuration.md:14: shop.dashboard is documented, but");
    }

    @Test
    void aServiceMustNotDeclareWhatThePageGivesToAnother() {
        String doc = DOC.replace("| most events in one request |", "| stream only: most events |");

        assertThat(ConfigurationDoc.parse("docs/configuration.md", doc).problems("collector", ShopConfig.class))
                .contains("docs/configuration.md:13: shop.max-events is documented as stream only, but ShopConfig of"
                        + " collector declares it (Limits.maxEvents()); name collector too, or drop the \"only\"");
    }

    @Test
    void applicationPropertiesWinOverWithDefault(@TempDir Path dir) throws Exception {
        Path properties = Files.writeString(dir.resolve("application.properties"),
                "shop.roll-interval=1s\n%dev.shop.max-in-flight=4\n");
        ConfigurationDoc doc = ConfigurationDoc.parse("docs/configuration.md", DOC);

        assertThat(doc.problems("shop", ConfigurationDoc.Defaults.from(properties), ShopConfig.class))
                .containsExactly("docs/configuration.md:7: shop.roll-interval is documented with default `500ms` but "
                        + properties + " sets `1s`; make the default cell start with `1s`");
        assertThatThrownBy(() -> doc.check("shop", properties, ShopConfig.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 disagreement(s) between docs/configuration.md and the @ConfigMapping interfaces:");
    }

    @Test
    void checkListsEveryProblem() {
        String doc = DOC.replace("| `500ms` |", "| `2s` |").replace("| `16` |", "| `8` |");

        assertThatThrownBy(() -> ConfigurationDoc.parse("docs/configuration.md", doc).check("shop", ShopConfig.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 disagreement(s)")
                .hasMessageContaining("shop.roll-interval is documented with default `2s` but ShopConfig says `500ms`")
                .hasMessageContaining("shop.max-in-flight is documented with default `8` but ShopConfig says `16`");
    }

    @Test
    void smallRyeReadsTheVariablesTheCheckerNames() {
        Map<String, String> values = Map.of(
                "shop.spark-conf.*", "2g",
                "shop.api-key", "k",
                "shop.checkout.retries", "9",
                "shop.checkout.url", "http://pay.example",
                "shop.max-events", "77",
                "shop.max-in-flight", "5",
                "shop.roll-interval", "7s");
        Map<String, String> environment = ConfigurationDoc.settingsOf(ShopConfig.class).stream()
                .collect(Collectors.toMap(setting -> setting.variable().replace("<KEY>", "SPARK_EXECUTOR_MEMORY"),
                        setting -> values.get(setting.property())));
        assertThat(environment).hasSize(values.size()).doesNotContainValue(null);

        ShopConfig shop = mapping(new EnvConfigSource(environment, 300));

        assertThat(shop.apiKey()).contains("k");
        assertThat(shop.checkout().retries()).isEqualTo(9);
        assertThat(shop.checkout().url()).contains(URI.create("http://pay.example"));
        assertThat(shop.limits().maxEvents()).isEqualTo(77);
        assertThat(shop.inFlight()).isEqualTo(5);
        assertThat(shop.rollInterval()).isEqualTo(Duration.ofSeconds(7));
        assertThat(shop.sparkConf()).containsEntry("spark.executor.memory", "2g");
    }

    @Test
    void theDefaultsTheCheckerReadsAreSmallRyes() {
        ShopConfig shop = mapping();

        assertThat(shop.rollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(shop.apiKey()).isEqualTo(Optional.empty());
        assertThat(shop.inFlight()).isEqualTo(16);
        assertThat(shop.limits().maxEvents()).isEqualTo(10000);
        assertThat(ConfigurationDoc.settingsOf(ShopConfig.class))
                .extracting(ConfigurationDoc.Setting::property, setting -> setting.defaultValue().orElse(null))
                .containsExactly(
                        tuple("shop.api-key", null),
                        tuple("shop.checkout.retries", "3"),
                        tuple("shop.checkout.url", null),
                        tuple("shop.max-events", "10000"),
                        tuple("shop.max-in-flight", "16"),
                        tuple("shop.roll-interval", "500ms"),
                        tuple("shop.spark-conf.*", null));
    }

    private static List<String> problems(String doc) {
        return ConfigurationDoc.parse("docs/configuration.md", doc).problems("shop", ShopConfig.class);
    }

    private static ShopConfig mapping(ConfigSource... sources) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ShopConfig.class).withSources(sources)
                .withConverter(Duration.class, 200, ConfigurationDocTest::duration).build();
        return config.getConfigMapping(ShopConfig.class);
    }

    /** The two forms the tests use of what Quarkus' duration converter takes (plain SmallRye has none). */
    private static Duration duration(String value) {
        return value.endsWith("ms")
                ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }
}
