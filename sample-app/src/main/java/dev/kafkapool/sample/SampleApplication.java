package dev.kafkapool.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample REST app: its controllers inject the starter's pooled {@code KafkaPublisher} the way
 * they would inject a {@code DataSource}, configured only by {@code KAFKA_*} environment variables.
 */
// No generated user and password: the API is open, or takes JWT bearer tokens (dev.kafkapool.sample.security).
@SpringBootApplication(excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConfigurationPropertiesScan
public class SampleApplication {

    /**
     * Starts the app.
     * @param args command line arguments, e.g. {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

}
