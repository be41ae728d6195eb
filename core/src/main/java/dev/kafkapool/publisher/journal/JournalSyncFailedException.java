package dev.kafkapool.publisher.journal;

/**
 * In {@link FsyncMode#ALWAYS} mode, the fsync that was to cover a record failed: the record is not
 * known to be on the disk, so it is given up (acknowledged in the journal, never delivered) and the
 * caller told so, rather than accepted with a guarantee the disk did not give.
 */
public final class JournalSyncFailedException extends JournalException {

    private static final long serialVersionUID = 1L;

    public JournalSyncFailedException(String message, Throwable cause) {
        super(message, Reason.UNUSABLE, cause);
    }

}
