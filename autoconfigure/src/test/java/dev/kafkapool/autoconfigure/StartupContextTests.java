package dev.kafkapool.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection lines of a failure report, from bound settings and from the environment's text alike. */
class StartupContextTests {

    @Test
    void theEnvironmentsTextGivesTheLinesTheBoundSettingsGive() {
        MockEnvironment environment = new MockEnvironment().withProperty("kafka.brokers", "a:9093, b:9093")
            .withProperty("kafka.tls.client-ca", "/tls/ca.crt")
            .withProperty("kafka.tls.client-cert", "/tls/user.crt")
            .withProperty("kafka.tls.client-key", "/tls/user.key")
            .withProperty("kafka.tls.client-key-password", "s3cret");
        KafkaPoolProperties properties = Binder.get(environment).bindOrCreate("kafka", KafkaPoolProperties.class);

        assertThat(StartupContext.describe(environment)).isEqualTo(StartupContext.describe(properties))
            .contains("KAFKA_BROKERS=a:9093,b:9093", "KAFKA_TLS_CLIENT_KEY=/tls/user.key",
                    "KAFKA_TLS_CLIENT_KEY_PASSWORD=(set)")
            .doesNotContain("s3cret");
    }

    @Test
    void aSettingThatIsNotANumberLeavesTheOtherLinesReadable() {
        MockEnvironment environment = new MockEnvironment().withProperty("kafka.brokers", "a:9093")
            .withProperty("kafka.num-threads", "two")
            .withProperty("kafka.tls.bundle", "kafka");

        assertThat(StartupContext.describe(environment)).isEqualTo("KAFKA_BROKERS=a:9093\nKAFKA_TLS_BUNDLE=kafka");
    }

    @Test
    void anEmptyBundleNameIsNoBundleAndTheFilesAreNamed() {
        for (String empty : new String[] { "", "  " }) {
            MockEnvironment environment = new MockEnvironment().withProperty("kafka.brokers", "a:9093")
                .withProperty("kafka.tls.bundle", empty)
                .withProperty("kafka.tls.client-ca", "/tls/ca.crt");
            KafkaPoolProperties properties = Binder.get(environment).bindOrCreate("kafka", KafkaPoolProperties.class);

            assertThat(StartupContext.describe(environment)).as("'%s'", empty)
                .isEqualTo(StartupContext.describe(properties))
                .contains("KAFKA_TLS_CLIENT_CA=/tls/ca.crt", "KAFKA_TLS_CLIENT_KEY=(not set)")
                .doesNotContain("KAFKA_TLS_BUNDLE");
        }
    }

    @Test
    void noBrokersAreShownAsNoneNotAsAnEmptyValue() {
        // "KAFKA_BROKERS=" beside "KAFKA_TLS_CLIENT_KEY_PASSWORD=(not set)" read as set but empty, another error
        MockEnvironment unset = new MockEnvironment().withProperty("kafka.tls.client-ca", "/tls/ca.crt");
        KafkaPoolProperties properties = Binder.get(unset).bindOrCreate("kafka", KafkaPoolProperties.class);

        assertThat(StartupContext.describe(unset)).isEqualTo(StartupContext.describe(properties))
            .startsWith("KAFKA_BROKERS=(none)\n");
        MockEnvironment blank = new MockEnvironment().withProperty("kafka.brokers", " , ");
        assertThat(StartupContext.describe(blank)).startsWith("KAFKA_BROKERS=(none)\n");
        MockEnvironment oneBlank = new MockEnvironment().withProperty("kafka.brokers", "a:9093, ,b:9093");
        assertThat(StartupContext.describe(oneBlank)).startsWith("KAFKA_BROKERS=a:9093,b:9093\n");
    }

    @Test
    void tlsSwitchedOffInAnySpellingIsPlaintextAndAnUnreadableSwitchIsOn() {
        for (String off : new String[] { "false", "NO", " off ", "0" }) {
            assertThat(StartupContext.describe(new MockEnvironment().withProperty("kafka.tls.enabled", off)))
                .as(off)
                .endsWith("KAFKA_TLS_ENABLED=false (PLAINTEXT)");
        }
        assertThat(StartupContext.describe(new MockEnvironment().withProperty("kafka.tls.enabled", "maybe")))
            .contains("KAFKA_TLS_CLIENT_CA=(not set)");
    }

}
