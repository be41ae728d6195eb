package dev.kafkapool.benchmarks;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.producer.Producer;

/** A Kafka producer whose {@code send} never returns: it holds the pool's workers still, so that what is admitted stays queued. */
public final class StuckProducer {

    private StuckProducer() {
    }

    public static Producer<byte[], byte[]> create() {
        CountDownLatch never = new CountDownLatch(1);
        @SuppressWarnings("unchecked")
        Producer<byte[], byte[]> stuck = (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                StuckProducer.class.getClassLoader(), new Class<?>[] { Producer.class }, (proxy, method, args) -> {
                    if (method.getName().equals("send")) {
                        never.await();
                    }
                    if (method.getReturnType() == Map.class) {
                        return Map.of();
                    }
                    if (method.getReturnType() == List.class) {
                        return List.of();
                    }
                    return null;
                });
        return stuck;
    }

}
