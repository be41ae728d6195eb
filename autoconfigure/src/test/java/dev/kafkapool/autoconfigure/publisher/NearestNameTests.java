package dev.kafkapool.autoconfigure.publisher;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NearestNameTests {

    private static final List<String> KNOWN = List.of("KAFKA_BROKERS", "KAFKA_NUM_THREADS", "KAFKA_TLS_CLIENT_CERT",
            "KAFKA_TLS_CLIENT_CA", "KAFKA_TLS_ENABLED", "KAFKA_TOPICS", "linger.ms", "acks");

    @ParameterizedTest
    @CsvSource({ "KAFKA_BROKER, KAFKA_BROKERS", "KAFKA_NUM_THREAD, KAFKA_NUM_THREADS",
            "KAFKA_TLS_CLIENT_CERTIFICATE, KAFKA_TLS_CLIENT_CERT", "KAFKA_TLS_ENABLE, KAFKA_TLS_ENABLED",
            "KAFKA_TPOICS, KAFKA_TOPICS", "lingerms, linger.ms", "linger_ms, linger.ms" })
    void aNameOneOrTwoEditsAwayOrWithSomethingAppendedFindsTheSettingItMeant(String typo, String meant) {
        assertThat(NearestName.of(typo, KNOWN)).isEqualTo(meant);
    }

    @ParameterizedTest
    @CsvSource({ "KAFKA_HEAP_OPTS", "KAFKA_PUBLISH_IDLE_INTERVAL_SEC", "ack", "my.interceptor.region", "KAFKA_TLS" })
    void aNameLikeNoSettingFindsNothing(String name) {
        assertThat(NearestName.of(name, KNOWN)).isNull();
    }

    @Test
    void editsIsADistanceSymmetricAndZeroOnlyForEqualNames() {
        Random random = new Random(17);
        for (int round = 0; round < 2000; round++) {
            String a = word(random);
            String b = word(random);
            int ab = NearestName.edits(a, b);
            assertThat(ab).isEqualTo(NearestName.edits(b, a));
            assertThat(ab == 0).isEqualTo(a.equals(b));
            assertThat(ab).isLessThanOrEqualTo(Math.max(a.length(), b.length()))
                .isGreaterThanOrEqualTo(Math.abs(a.length() - b.length()));
        }
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            word.append((char) ('a' + random.nextInt(3)));
        }
        return word.toString();
    }

}
