package dev.kafkapool.autoconfigure.health;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthAdminClientThreadTests {

    @Test
    void theAdminClientsThreadDoesNotTakeTheClassLoaderOfTheRequestThatOpensIt() throws Exception {
        // a health check on a management request's thread: Tomcat warned at its stop that the client's thread, with the
        // web application's class loader as its own, was "very likely to create a memory leak"
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        Map<String, Object> properties = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9",
                AdminClientConfig.CLIENT_ID_CONFIG, "class-loader-test-health");
        try (URLClassLoader webapp = new URLClassLoader(new URL[0], previous)) {
            current.setContextClassLoader(webapp);
            try (Admin admin = ClusterHealthCheck.openAdmin(properties)) {
                assertThat(current.getContextClassLoader()).as("the caller's own, given back").isSameAs(webapp);
                Thread network = Thread.getAllStackTraces().keySet().stream()
                    .filter((thread) -> thread.getName().endsWith("class-loader-test-health"))
                    .findFirst()
                    .orElseThrow();
                assertThat(network.getContextClassLoader()).isNotSameAs(webapp)
                    .isSameAs(ClusterHealthCheck.class.getClassLoader());
                admin.close(Duration.ZERO);
            }
        }
        finally {
            current.setContextClassLoader(previous);
        }
    }

}
