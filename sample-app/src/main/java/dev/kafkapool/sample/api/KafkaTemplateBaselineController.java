package dev.kafkapool.sample.api;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

import dev.kafkapool.publisher.KafkaMessage;

/**
 * The benchmark baseline, active only with the {@code kafka-template-baseline} profile:
 * {@code /api/v1/baseline/topics/{topic}/records} takes the same request as
 * {@code RecordsController}, turns it into the same messages, and sends them with a plain
 * {@code KafkaTemplate} on the request thread, the way an app without the pool does it. Its
 * producer is Spring Boot's own (same brokers and mTLS through the starter's connection details,
 * Kafka's defaults otherwise, so {@code send} may block for {@code max.block.ms}, 60 s). See
 * BENCHMARKS.md, "HTTP".
 */
@Hidden
@Profile("kafka-template-baseline")
@RestController
final class KafkaTemplateBaselineController {

    private final KafkaTemplate<byte[], byte[]> template;

    private final RecordMessages messages;

    KafkaTemplateBaselineController(ProducerFactory<Object, Object> producerFactory, RecordMessages messages) {
        @SuppressWarnings("unchecked")
        ProducerFactory<byte[], byte[]> bytes = (ProducerFactory<byte[], byte[]>) (ProducerFactory<?, ?>) producerFactory
            .copyWithConfigurationOverride(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class));
        this.template = new KafkaTemplate<>(bytes);
        this.messages = messages;
    }

    @PostMapping(path = "/api/v1/baseline/topics/{topic}/records", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PublishResponse> publish(@PathVariable String topic, @Valid @RequestBody PublishRequest request) {
        TopicPathCheck.requireLegal(topic);
        List<KafkaMessage> batch = this.messages.toMessages(topic, request.records());
        for (KafkaMessage message : batch) {
            RecordHeaders headers = new RecordHeaders();
            message.headers().forEach((header) -> headers.add(header.name(), header.value()));
            this.template.send(new ProducerRecord<>(topic, null, null, message.key(), message.value(), headers));
        }
        return ResponseEntity.accepted().body(new PublishAccepted(batch.size()));
    }

}
