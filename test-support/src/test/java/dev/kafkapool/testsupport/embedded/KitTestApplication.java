package dev.kafkapool.testsupport.embedded;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application of the kit's Spring tests: Spring Boot's auto-configuration, so Spring Kafka's
 * {@code KafkaTemplate} is built from the {@code KafkaConnectionDetails} in the context. The kit
 * does not depend on the starter; {@link SettingsProducer} reads the starter's settings instead.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class KitTestApplication {

}
