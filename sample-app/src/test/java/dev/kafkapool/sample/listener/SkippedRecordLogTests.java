package dev.kafkapool.sample.listener;

import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SkippedRecordLogTests {

    private final AtomicLong now = new AtomicLong(42);

    private final SkippedRecordLog log = new SkippedRecordLog(this.now::get);

    @Test
    void tenRecordsAreNamedInTenSecondsAndTheOthersAreCountedIntoTheNextLine(CapturedOutput output) {
        for (long offset = 0; offset < 25; offset++) {
            this.log.skipped(record(offset), "not an OrderCreated event: it has no orderId");
            this.now.addAndGet(1_000_000);
        }
        for (long offset = 0; offset < 10; offset++) {
            assertThat(output).contains("Skipping a record at orders-3@" + offset
                    + " that is not an OrderCreated event: it has no orderId");
        }
        assertThat(output).doesNotContain("orders-3@10 ").doesNotContain("orders-3@24 ");
        assertThat(lines(output)).isEqualTo(10);

        this.now.addAndGet(SkippedRecordLog.WINDOW_NANOS);
        this.log.skipped(record(25), "not an OrderCreated event: JsonParseException");

        assertThat(output).contains("Skipping a record at orders-3@25 that is not an OrderCreated event: "
                + "JsonParseException (15 other record(s) skipped since the last such line, not named");
        assertThat(lines(output)).isEqualTo(11);
    }

    @Test
    void aRecordSkippedAfterAQuietWindowIsNamedWithoutACount(CapturedOutput output) {
        this.log.skipped(record(7), "not an OrderCreated event: it has no orderId");
        this.now.addAndGet(3 * SkippedRecordLog.WINDOW_NANOS);
        this.log.skipped(record(8), "not a valid OrderCreated event: customerId must not be blank");

        assertThat(output).contains("Skipping a record at orders-3@8 that is not a valid OrderCreated event: "
                + "customerId must not be blank" + System.lineSeparator()).doesNotContain("other record(s)");
    }

    @Test
    void theRecordsNotNamedAreCountedWhenTheListenerStops(CapturedOutput output) {
        for (long offset = 0; offset < 12; offset++) {
            this.log.skipped(record(offset), "not an OrderCreated event: it has no orderId");
        }
        this.log.flush();
        this.log.flush();

        assertThat(output.getAll().split(Pattern.quote("2 other record(s) were skipped since the last such line, not "
                + "named"), -1)).hasSize(2);
    }

    private static int lines(CapturedOutput output) {
        return output.getAll().split(Pattern.quote("Skipping a record at"), -1).length - 1;
    }

    private static ConsumerRecord<String, String> record(long offset) {
        return new ConsumerRecord<>("orders", 3, offset, "key", "value");
    }

}
