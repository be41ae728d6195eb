package dev.kafkapool.publisher.journal;

/** A record larger than one journal segment holds: no room the journal frees ever makes it fit. */
public final class JournalRecordTooLargeException extends JournalException {

    private static final long serialVersionUID = 1L;

    public JournalRecordTooLargeException(String message) {
        super(message, null);
    }

}
