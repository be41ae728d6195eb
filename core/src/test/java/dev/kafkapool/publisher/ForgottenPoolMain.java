package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain Java program that publishes and ends without closing its pool, for {@link ExitHookTests}: with
 * {@code answering}, a broker that answers every few milliseconds (it prints {@code ALL DELIVERED} once every
 * record is acknowledged); with {@code silent}, one that never answers (the pool's undelivered-message handler
 * prints {@code UNDELIVERED n}). {@code noHook} builds the pool without its exit hook; {@code ownHook} closes the pool in
 * a shutdown hook of the program's own; {@code waitForSigterm} runs until a SIGTERM ends it.
 */
public final class ForgottenPoolMain {

    static final int RECORDS = 500;

    private ForgottenPoolMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean answering = args[0].equals("answering");
        boolean hook = !(args.length > 1 && args[1].equals("noHook"));
        boolean ownHook = args.length > 1 && args[1].equals("ownHook");
        List<FakeProducer> producers = new CopyOnWriteArrayList<>();
        PooledKafkaPublisher publisher = FakeProducerPool.builder(FakeProducerPool.config()
                .shutdownTimeout(Duration.ofSeconds(2)).queueCapacity(10_000).build(), producers)
            .undeliveredHandler((label, messages, reason) -> System.out.println("UNDELIVERED " + messages.size()))
            .exitHook(hook)
            .build();
        publisher.start();
        if (ownHook) {
            // the program closes the pool in a shutdown hook of its own, which runs beside the pool's
            Runtime.getRuntime().addShutdownHook(new Thread(publisher::close, "own-hook"));
        }
        if (answering) {
            Thread broker = new Thread(() -> {
                while (true) {
                    producers.forEach(FakeProducer::ackAll);
                    try {
                        Thread.sleep(5);
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                }
            }, "fake-broker");
            broker.setDaemon(true);
            broker.start();
        }
        AtomicInteger delivered = new AtomicInteger();
        for (int i = 0; i < RECORDS; i++) {
            publisher.publish(KafkaMessage.of("orders", "k" + (i % 7), "v" + i)).thenRun(() -> {
                if (delivered.incrementAndGet() == RECORDS) {
                    System.out.println("ALL DELIVERED");
                }
            });
        }
        System.out.println("PUBLISHED " + RECORDS + ", delivered so far " + delivered.get());
        if (args.length > 1 && args[1].equals("waitForSigterm")) {
            // a container's program: it runs until the platform stops it
            Thread.sleep(Long.MAX_VALUE);
        }
        // returns from main without closing the pool: the workers are daemon threads
    }

}
