package dev.kafkapool.sample.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts batches of records with unique keys to the sample app at a fixed request rate and
 * remembers, per answer, its status and latency, and which keys were accepted (202). Clients
 * wait long enough never to give up on a request the server may still accept.
 */
final class LoadGenerator {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .executor(Executors.newFixedThreadPool(8))
        .build();

    private final String url;

    private final int recordsPerRequest;

    private final String valuePadding;

    private final AtomicLong nextId = new AtomicLong();

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    private final AtomicInteger pending = new AtomicInteger();

    private final long createdNanos = System.nanoTime();

    private final String keyPrefix;

    LoadGenerator(int port, String topic, int recordsPerRequest, int valueBytes) {
        this(port, topic, recordsPerRequest, valueBytes, "id-");
    }

    /** Keys are {@code keyPrefix} and a sequence number, unique within one generator. */
    LoadGenerator(int port, String topic, int recordsPerRequest, int valueBytes, String keyPrefix) {
        this.keyPrefix = keyPrefix;
        this.url = "http://localhost:" + port + "/api/v1/topics/" + topic + "/records";
        this.recordsPerRequest = recordsPerRequest;
        this.valuePadding = "x".repeat(Math.max(0, valueBytes));
    }

    /** Sends {@code requestsPerSecond} requests per second for {@code duration}, then waits for all answers. */
    void run(int requestsPerSecond, Duration duration) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodMicros = 1_000_000L / requestsPerSecond;
        ticker.scheduleAtFixedRate(this::sendOne, 0, periodMicros, TimeUnit.MICROSECONDS);
        sleep(duration.toMillis());
        ticker.shutdownNow();
        awaitAnswers(Duration.ofSeconds(90));
    }

    /** One request now, asynchronously. */
    void sendOne() {
        List<String> keys = new ArrayList<>(this.recordsPerRequest);
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < this.recordsPerRequest; i++) {
            String key = this.keyPrefix + this.nextId.getAndIncrement();
            keys.add(key);
            body.append(i == 0 ? "" : ",")
                .append("{\"key\":\"")
                .append(key)
                .append("\",\"value\":{\"pad\":\"")
                .append(this.valuePadding)
                .append("\"}}");
        }
        body.append("]}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.url))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
        long started = System.nanoTime();
        this.pending.incrementAndGet();
        CompletableFuture<HttpResponse<String>> response = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        response.whenComplete((answer, failure) -> {
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started);
            if (failure != null) {
                this.answers.add(new Answer(-1, micros, null, failure.toString(), sentAtMillis(started)));
            }
            else {
                if (answer.statusCode() == 202) {
                    this.accepted.addAll(keys);
                }
                this.answers.add(new Answer(answer.statusCode(), micros,
                        answer.headers().firstValue("Retry-After").orElse(null), null, sentAtMillis(started)));
            }
            this.pending.decrementAndGet();
        });
    }

    void awaitAnswers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (this.pending.get() > 0 && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    Set<String> accepted() {
        return Collections.unmodifiableSet(this.accepted);
    }

    List<Answer> answers() {
        return List.copyOf(this.answers);
    }

    long sentRecords() {
        return this.nextId.get();
    }

    /** The {@code percentile} (0–100) latency of answers with one of {@code statuses}, in ms. */
    double percentileMillis(double percentile, int... statuses) {
        long[] sorted = this.answers.stream()
            .filter((answer) -> java.util.Arrays.stream(statuses).anyMatch((s) -> s == answer.status()))
            .mapToLong(Answer::micros)
            .sorted()
            .toArray();
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    long count(int status) {
        return this.answers.stream().filter((answer) -> answer.status() == status).count();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * One answer.
     *
     * @param status the HTTP status, or -1 when the request failed
     * @param micros from send to answer
     * @param retryAfter the Retry-After header, if any
     * @param failure the client-side failure, if any
     * @param sentAtMillis when it was sent, from the generator's creation
     */
    record Answer(int status, long micros, String retryAfter, String failure, long sentAtMillis) {
    }

    private long sentAtMillis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(startedNanos - this.createdNanos);
    }

    /** Per second of the run: requests sent and the slowest answer, for reports. */
    String timeline() {
        java.util.TreeMap<Long, long[]> seconds = new java.util.TreeMap<>();
        for (Answer answer : this.answers) {
            long[] slot = seconds.computeIfAbsent(answer.sentAtMillis() / 1000, (k) -> new long[2]);
            slot[0]++;
            slot[1] = Math.max(slot[1], answer.micros() / 1000);
        }
        StringBuilder out = new StringBuilder();
        seconds.forEach((second, slot) -> out.append(second).append("s:").append(slot[0]).append("/")
            .append(slot[1]).append("ms "));
        return out.toString();
    }

}
