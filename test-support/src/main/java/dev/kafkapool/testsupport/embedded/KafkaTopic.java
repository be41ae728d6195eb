package dev.kafkapool.testsupport.embedded;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A topic {@link EmbeddedKafkaCluster} creates, replicated to every broker:
 * {@code @KafkaTopic("orders")}, or
 * {@code @KafkaTopic(value = "events", partitions = 4, configs = "max.message.bytes=1048576")}.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KafkaTopic {

    /** The topic's name. */
    String value();

    /** How many partitions. */
    int partitions() default 1;

    /** Topic-level configurations, each {@code name=value}. */
    String[] configs() default {};

}
