package dev.kafkapool.benchmarks.burst;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What the longest publish of a burst spent its time on, for {@code burst.publishCause=true}: the
 * publishing thread's own CPU time in that call (two system calls per publish, so only on
 * request), and what the JVM stopped every thread for meanwhile, from a flight recording of the
 * burst with no threshold: safepoints (GC pauses and every other VM operation, which the GC
 * notifications do not show: G1's remark and cleanup on JDK 17, deoptimization, …) and ZGC's
 * allocation stalls of the publishing thread. What is neither is time the thread waited for a core.
 */
final class PublishCause {

    private final Recording recording = new Recording();

    private final String publishingThread = Thread.currentThread().getName();

    private PublishCause() {
        this.recording.enable("jdk.SafepointBegin").withThreshold(Duration.ZERO);
        this.recording.enable("jdk.SafepointEnd").withThreshold(Duration.ZERO);
        this.recording.enable("jdk.ExecuteVMOperation").withThreshold(Duration.ZERO);
        this.recording.enable("jdk.ZAllocationStall").withThreshold(Duration.ZERO);
    }

    /** Starts recording; call on the publishing thread. */
    static PublishCause start() {
        PublishCause cause = new PublishCause();
        cause.recording.start();
        return cause;
    }

    /**
     * Stops recording and names what overlapped {@code [start, start + nanos]}:
     * {@code maxPublishSafepointMicros=… maxPublishVmOperations=a+b maxPublishAllocationStallMicros=…}.
     */
    String stop(Instant start, long nanos) {
        Instant end = start.plusNanos(nanos);
        long safepointNanos = 0;
        long stallNanos = 0;
        Set<String> operations = new TreeSet<>();
        Map<Long, Instant> safepointStarts = new HashMap<>();
        try {
            this.recording.stop();
            Path file = Files.createTempFile("burst-publish-cause", ".jfr");
            try {
                this.recording.dump(file);
                List<RecordedEvent> events = new ArrayList<>(RecordingFile.readAllEvents(file));
                events.sort(Comparator.comparing(RecordedEvent::getStartTime));
                for (RecordedEvent event : events) {
                    String type = event.getEventType().getName();
                    if (type.equals("jdk.SafepointBegin")) {
                        // a safepoint lasts from its begin event (reaching it) to the end of its end event
                        safepointStarts.put(event.getLong("safepointId"), event.getStartTime());
                        continue;
                    }
                    if (type.equals("jdk.SafepointEnd")) {
                        Instant begun = safepointStarts.remove(event.getLong("safepointId"));
                        if (begun != null) {
                            safepointNanos += overlapNanos(begun, event.getEndTime(), start, end);
                        }
                        continue;
                    }
                    long overlap = overlapNanos(event.getStartTime(), event.getEndTime(), start, end);
                    if (overlap <= 0) {
                        continue;
                    }
                    switch (type) {
                        case "jdk.ExecuteVMOperation" -> operations.add(event.getString("operation"));
                        case "jdk.ZAllocationStall" -> {
                            RecordedThread thread = event.getThread();
                            if (thread != null && this.publishingThread.equals(thread.getJavaName())) {
                                stallNanos += overlap;
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
            finally {
                Files.deleteIfExists(file);
                this.recording.close();
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return String.format(Locale.ROOT,
                "maxPublishSafepointMicros=%.1f maxPublishVmOperations=%s maxPublishAllocationStallMicros=%.1f",
                safepointNanos / 1e3, operations.isEmpty() ? "none" : String.join("+", operations), stallNanos / 1e3);
    }

    private static long overlapNanos(Instant eventStart, Instant eventEnd, Instant start, Instant end) {
        Instant from = eventStart.isAfter(start) ? eventStart : start;
        Instant to = eventEnd.isBefore(end) ? eventEnd : end;
        // an instant event inside the window counts as touching it
        return to.isBefore(from) ? 0 : Math.max(1, Duration.between(from, to).toNanos());
    }

}
