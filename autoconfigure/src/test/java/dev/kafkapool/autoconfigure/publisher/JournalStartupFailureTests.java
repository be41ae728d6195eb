package dev.kafkapool.autoconfigure.publisher;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kafkapool.publisher.journal.JournalException;
import dev.kafkapool.publisher.journal.JournalException.Reason;

import static org.assertj.core.api.Assertions.assertThat;

/** The fix a journal startup report gives follows what stands in the way. */
class JournalStartupFailureTests {

    @Test
    void everyReasonHasAFixOfItsOwnAndTheWayBackToMemoryOnly() {
        Map<Reason, String> expected = new EnumMap<>(Reason.class);
        expected.put(Reason.IN_USE, "a journal directory of its own");
        expected.put(Reason.PERMISSION_DENIED, "readable and writable by the application's user");
        expected.put(Reason.NOT_A_DIRECTORY, "Point KAFKA_JOURNAL_DIR at a directory");
        expected.put(Reason.READ_ONLY, "Mount a writable volume");
        expected.put(Reason.NO_ROOM, "lower KAFKA_JOURNAL_MAX_BYTES");
        expected.put(Reason.SEGMENT_UNAVAILABLE, "the segment is kept as it is");
        expected.put(Reason.UNUSABLE, "writable by the application's user");
        assertThat(expected.keySet()).containsExactlyInAnyOrder(Reason.values());
        expected.forEach((reason, fix) -> assertThat(JournalStartupFailure.action(new JournalException("x", reason, null)))
            .as(reason.name())
            .contains(fix)
            .endsWith("until a start with it again)")
            .contains("or unset KAFKA_JOURNAL_DIR"));
        assertThat(expected.values()).doesNotHaveDuplicates();
    }

    @Test
    void theReportNamesTheVariableAndKeepsTheJournalsWords() {
        JournalException failure = new JournalException("the journal directory /data/j cannot be used: Read-only file "
                + "system (/data/j/journal.lock)", Reason.READ_ONLY, null);
        var report = JournalStartupFailure.of(failure, "context");
        assertThat(report.setting()).isEqualTo("KAFKA_JOURNAL_DIR");
        assertThat(report.getMessage()).contains("Read-only file system (/data/j/journal.lock)");
        assertThat(report.action()).startsWith("Mount a writable volume");
        assertThat(report.getCause()).isSameAs(failure);
    }

}
