package dev.kafkapool.autoconfigure.publisher;

import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.publisher.journal.JournalException;

/** The startup report for a journal that cannot be opened: the fix that fits what stands in the way. */
final class JournalStartupFailure {

    private static final String IN_MEMORY = "or unset " + SettingNames.JOURNAL_DIR + " to keep records in memory only "
            + "(records the directory already holds then wait in it, undelivered, until a start with it again)";

    private JournalStartupFailure() {
    }

    static KafkaPoolStartupException of(JournalException failure, String context) {
        return new KafkaPoolStartupException(SettingNames.JOURNAL_DIR, failure.getMessage(), action(failure), context,
                failure);
    }

    static String action(JournalException failure) {
        String fix = switch (failure.reason()) {
            case IN_USE -> "Give every process a journal directory of its own (a volume per pod); the kernel "
                    + "releases the lock when the process holding it dies, so the lock file must not be deleted";
            case PERMISSION_DENIED -> "Make the directory and its files readable and writable by the application's "
                    + "user (in Kubernetes: the pod's securityContext.fsGroup, or a volume that user owns)";
            case NOT_A_DIRECTORY -> "Point " + SettingNames.JOURNAL_DIR + " at a directory, or move the file that is "
                    + "in its place";
            case READ_ONLY -> "Mount a writable volume at the directory (a read-only root file system needs a volume "
                    + "of its own for the journal, such as an emptyDir)";
            case NO_ROOM -> "Give the volume room for " + SettingNames.JOURNAL_MAX_BYTES + " plus one segment (an "
                    + "eighth of it), or lower " + SettingNames.JOURNAL_MAX_BYTES;
            case SEGMENT_UNAVAILABLE -> "Remove the cause the message names (too many open files: raise the "
                    + "process's limit; Map failed: leave the process memory outside its heap, or lower "
                    + SettingNames.JOURNAL_MAX_BYTES + "; an I/O error: check the volume), then start again: the "
                    + "segment is kept as it is, and its records are delivered then";
            case UNUSABLE -> "Give every process a journal directory of its own (a volume per pod) and make it "
                    + "writable by the application's user";
        };
        return fix + ", " + IN_MEMORY;
    }

}
