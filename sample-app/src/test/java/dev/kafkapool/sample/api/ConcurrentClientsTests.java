package dev.kafkapool.sample.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import dev.kafkapool.sample.AbstractSharedBrokerTests;
import dev.kafkapool.sample.ApiResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 clients post records for 10 s: no answer is a 5xx, and every record answered 202 is in
 * Kafka (counted by unique id), and nothing else is.
 */
class ConcurrentClientsTests extends AbstractSharedBrokerTests {

    private static final int CLIENTS = 200;

    private static final Duration RUN = Duration.ofSeconds(10);

    @Test
    void twoHundredClientsForTenSecondsGetNo5xxAndEveryAcceptedRecordArrives() throws Exception {
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + RUN.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    String id = "c" + client + "-" + i;
                    ApiResponse response = api().postJson("/api/v1/topics/" + LOAD_TOPIC + "/records",
                            "{\"records\":[{\"key\":\"c" + client + "\",\"value\":{\"id\":\"" + id + "\"}}]}");
                    statuses.computeIfAbsent(response.status(), (status) -> new AtomicInteger()).incrementAndGet();
                    if (response.status() == 202) {
                        accepted.add(id);
                    }
                    else if (response.status() >= 500) {
                        serverErrors.add(response.toString());
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get(RUN.toSeconds() + 60, TimeUnit.SECONDS);
        }
        clients.shutdown();

        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        System.out.printf("%d clients for %s: answers by status %s%n", CLIENTS, RUN, counts);
        assertThat(serverErrors).as("5xx answers").isEmpty();
        assertThat(counts.keySet()).as("statuses").isSubsetOf(202, 429);
        assertThat(accepted).as("accepted records").hasSizeGreaterThan(CLIENTS);

        List<ConsumerRecord<String, String>> records = cluster.consume(LOAD_TOPIC, accepted.size(),
                Duration.ofSeconds(120));
        Set<String> arrived = records.stream()
            .map((record) -> JsonMapper.shared().readTree(record.value()).path("id").asString())
            .collect(Collectors.toSet());
        assertThat(arrived).as("ids in Kafka").hasSameSizeAs(accepted).containsAll(accepted);
    }

}
