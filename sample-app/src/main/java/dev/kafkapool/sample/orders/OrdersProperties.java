package dev.kafkapool.sample.orders;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the orders example, under {@code sample.orders.*} ({@code SAMPLE_ORDERS_*}).
 */
@ConfigurationProperties("sample.orders")
@Validated
public class OrdersProperties {

    /** Default of {@link #getTopic()}, also used where an annotation needs a constant. */
    public static final String DEFAULT_TOPIC = "orders";

    /** Default of {@link #getGroupId()}. */
    public static final String DEFAULT_GROUP_ID = "kafka-pool-sample";

    /**
     * Topic that OrderCreated events are published to and consumed from. It must exist:
     * brokers usually do not create topics on first use.
     */
    @NotBlank
    private String topic = DEFAULT_TOPIC;

    /**
     * Consumer group id of the OrderCreated listener.
     */
    @NotBlank
    private String groupId = DEFAULT_GROUP_ID;

    public String getTopic() {
        return this.topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getGroupId() {
        return this.groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

}
