package dev.kafkapool.publisher;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.internals.ProducerBatch;
import org.apache.kafka.clients.producer.internals.RecordAccumulator;
import org.apache.kafka.common.KafkaException;

/**
 * Fails what a Kafka producer whose network thread has died still holds. That thread completes every
 * record's callback, and fails what is left when the producer closes: once it is dead, nothing does, and
 * the pool, which counts its records in flight but keeps no reference to them, could only count them in
 * its shutdown report, not name them. Aborting the producer's incomplete batches (what Kafka does when
 * a producer is closed by force) runs their callbacks on the calling thread, with a
 * {@code KafkaException} that says the thread died. The producer's record accumulator and its set of
 * incomplete batches are private to Kafka and read reflectively (kafka-clients 4.2); a producer that is
 * not Kafka's, nor wraps one in a field, is left alone.
 */
final class DeadProducerRecords {

    /** How deep wrappers (a metrics decorator, say) are looked into for the Kafka producer. */
    private static final int MAX_WRAPPERS = 3;

    private DeadProducerRecords() {
    }

    /** Fails every record {@code producer} holds; {@code false} when it could not be done. */
    static boolean fail(Producer<?, ?> producer) {
        KafkaProducer<?, ?> kafka = unwrap(producer, MAX_WRAPPERS);
        if (kafka == null) {
            return false;
        }
        try {
            Field field = KafkaProducer.class.getDeclaredField("accumulator");
            field.setAccessible(true);
            RecordAccumulator accumulator = (RecordAccumulator) field.get(kafka);
            Field incompleteField = RecordAccumulator.class.getDeclaredField("incomplete");
            incompleteField.setAccessible(true);
            Object incomplete = incompleteField.get(accumulator);
            Method copyAll = incomplete.getClass().getDeclaredMethod("copyAll");
            copyAll.setAccessible(true);
            KafkaException reason = new KafkaException("The Kafka producer's network thread has died");
            // batch by batch, not Kafka's abortIncompleteBatches: a batch the dead thread left half completed
            // (its callbacks cut short by the Error) refuses to be aborted, and stopped that loop at it
            for (Object each : (Iterable<?>) copyAll.invoke(incomplete)) {
                ProducerBatch batch = (ProducerBatch) each;
                try {
                    if (!batch.isDone()) {
                        batch.abortRecordAppends();
                        batch.abort(reason);
                    }
                    accumulator.deallocate(batch);
                }
                catch (RuntimeException ex) {
                    // this batch only: the others are still failed
                }
            }
            return true;
        }
        catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
            return false;
        }
    }

    /** {@code producer} if it is Kafka's, else the Kafka producer one of its fields holds, {@code depth} deep. */
    private static KafkaProducer<?, ?> unwrap(Object producer, int depth) {
        if (producer instanceof KafkaProducer<?, ?> kafka) {
            return kafka;
        }
        if (producer == null || depth == 0) {
            return null;
        }
        for (Class<?> type = producer.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Producer.class.isAssignableFrom(field.getType())) {
                    try {
                        field.setAccessible(true);
                        KafkaProducer<?, ?> found = unwrap(field.get(producer), depth - 1);
                        if (found != null) {
                            return found;
                        }
                    }
                    catch (ReflectiveOperationException | RuntimeException ex) {
                        // not readable: look at the next field
                    }
                }
            }
        }
        return null;
    }

}
