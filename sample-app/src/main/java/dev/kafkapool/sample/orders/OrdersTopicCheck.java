package dev.kafkapool.sample.orders;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.context.annotation.Lazy;

import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.TopicNames;

/**
 * Warns at startup when the orders topic is one the pool's allow-list ({@code KAFKA_TOPICS})
 * refuses: every order would then be answered 404. A warning, not a stopped start: an app run for
 * the records API alone allow-lists only its own topics.
 */
@Component
@Lazy(false)
final class OrdersTopicCheck implements InitializingBean {

    private static final Logger logger = LoggerFactory.getLogger(OrdersTopicCheck.class);

    private final ObjectProvider<PooledKafkaPublisher> pool;

    private final OrdersProperties orders;

    OrdersTopicCheck(ObjectProvider<PooledKafkaPublisher> pool, OrdersProperties orders) {
        this.pool = pool;
        this.orders = orders;
    }

    @Override
    public void afterPropertiesSet() {
        PooledKafkaPublisher publisher = this.pool.getIfAvailable();
        if (publisher == null || !publisher.config().enabled()) {
            return;
        }
        // as the controller publishes it: untrimmed
        String topic = this.orders.getTopic();
        if (!TopicNames.isLegal(topic)) {
            logger.warn("The orders topic (SAMPLE_ORDERS_TOPIC) '{}' is not a legal Kafka topic name: POST /api/v1/orders"
                    + " will answer 404 for every order. Use " + TopicNames.RULE,
                    topic.replaceAll("\\p{Cntrl}", "?"));
            return;
        }
        Set<String> allowed = publisher.config().allowedTopics();
        if (!allowed.isEmpty() && !allowed.contains(topic)) {
            logger.warn("The orders topic '{}' (SAMPLE_ORDERS_TOPIC) is not in the pool's allow-list KAFKA_TOPICS {}: "
                    + "POST /api/v1/orders will answer 404 for every order. Add {} to KAFKA_TOPICS, or set "
                    + "SAMPLE_ORDERS_TOPIC to one of them", topic, allowed, topic);
        }
    }

}
