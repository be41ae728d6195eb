package dev.kafkapool.autoconfigure.startup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A bare application with the starter, run as a child process by {@link FailFastProcessTests}. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class FailFastApplication {

    public static void main(String[] args) {
        SpringApplication.run(FailFastApplication.class, args);
    }

}
