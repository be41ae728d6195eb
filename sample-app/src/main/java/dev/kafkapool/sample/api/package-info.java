/**
 * The generic records API of the sample: {@code POST /api/v1/topics/{topic}/records}, publishing
 * JSON records through the injected {@link dev.kafkapool.publisher.KafkaPublisher}.
 */
package dev.kafkapool.sample.api;
