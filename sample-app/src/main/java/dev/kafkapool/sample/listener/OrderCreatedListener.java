package dev.kafkapool.sample.listener;

import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import dev.kafkapool.sample.orders.OrderCreated;
import dev.kafkapool.sample.orders.OrdersProperties;
import dev.kafkapool.sample.orders.ProcessedOrders;

/**
 * Consumes the orders topic at least once: the offset is committed only after an event has been
 * processed, so a crash in between re-delivers it (processing is idempotent by order id). It
 * connects with the starter's KAFKA_* brokers and mTLS, and does not start when Kafka is disabled
 * ({@code KAFKA_ENABLED} false, 0, no or off): the flag is read with Spring's conversion, as the
 * starter reads it; a placeholder would compare the text with "true" and leave the listener
 * stopped for {@code KAFKA_ENABLED=1}.
 */
@Component
final class OrderCreatedListener {

    /** Listener container id, e.g. to look it up in the {@code KafkaListenerEndpointRegistry}. */
    static final String ID = "order-created-listener";

    private final ObjectReader reader;

    private final ProcessedOrders processedOrders;

    private final Validator validator;

    private final SkippedRecordLog skipped = new SkippedRecordLog();

    OrderCreatedListener(JsonMapper jsonMapper, ProcessedOrders processedOrders, Validator validator) {
        this.validator = validator;
        // A tolerant reader: a newer producer may add fields to the event.
        this.reader = jsonMapper.readerFor(OrderCreated.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.processedOrders = processedOrders;
    }

    /** The skipped records not yet named, counted in the log at the end. */
    @PreDestroy
    void close() {
        this.skipped.flush();
    }

    @KafkaListener(id = ID, topics = "${sample.orders.topic:" + OrdersProperties.DEFAULT_TOPIC + "}",
            groupId = "${sample.orders.group-id:" + OrdersProperties.DEFAULT_GROUP_ID + "}",
            autoStartup = "#{environment.getProperty('kafka.enabled', T(java.lang.Boolean), true)}")
    void onOrderCreated(ConsumerRecord<String, String> record, Acknowledgment acknowledgment) {
        OrderCreated event;
        try {
            event = this.reader.readValue(record.value());
        }
        catch (JacksonException | IllegalArgumentException ex) {
            // Retrying cannot fix a record that is not an OrderCreated: skip it, and say where it is.
            this.skipped.skipped(record, "not an OrderCreated event: " + ex.getClass().getSimpleName());
            acknowledgment.acknowledge();
            return;
        }
        if (event == null || event.orderId() == null || event.orderId().isBlank()) {
            // JSON null, an empty record or one without an order id: no order to record, and no retry makes one
            this.skipped.skipped(record, "not an OrderCreated event: it has no orderId");
            acknowledgment.acknowledge();
            return;
        }
        Set<ConstraintViolation<OrderCreated>> violations = this.validator.validate(event);
        if (!violations.isEmpty()) {
            // an event beyond what POST /api/v1/orders accepts (written by another client): kept, it could fill the heap
            ConstraintViolation<OrderCreated> first = violations.iterator().next();
            this.skipped.skipped(record, "not a valid OrderCreated event: " + first.getPropertyPath() + " "
                    + first.getMessage());
            acknowledgment.acknowledge();
            return;
        }
        this.processedOrders.record(event, record.partition(), record.offset());
        acknowledgment.acknowledge();
    }

}
