package dev.kafkapool.publisher;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The admission check of topic names agrees with Kafka's rule, written as a regular expression. */
class TopicNameCheckTests {

    private static final Pattern KAFKA_RULE = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    @Test
    void agreesWithKafkasRuleOnEveryOneCharacterName() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String name = String.valueOf(c);
            assertThat(TopicNames.isLegal(name)).as("'%s'", name).isEqualTo(expected(name));
        }
    }

    @Test
    void agreesWithKafkasRuleOnRandomNames() {
        Random random = new Random(42);
        String alphabet = "abcXYZ019._-/ \\\u0000\u00e9\u2028%";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(260);
            for (int j = 0; j < length; j++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(TopicNames.isLegal(name.toString())).isEqualTo(expected(name.toString()));
        }
    }

    @Test
    void dotAndDoubleDotAreNotTopics() {
        assertThat(TopicNames.isLegal(".")).isFalse();
        assertThat(TopicNames.isLegal("..")).isFalse();
        assertThat(TopicNames.isLegal("...")).isTrue();
        assertThat(TopicNames.isLegal("a".repeat(249))).isTrue();
        assertThat(TopicNames.isLegal("a".repeat(250))).isFalse();
    }

    private static boolean expected(String name) {
        return KAFKA_RULE.matcher(name).matches() && !".".equals(name) && !"..".equals(name);
    }

}
