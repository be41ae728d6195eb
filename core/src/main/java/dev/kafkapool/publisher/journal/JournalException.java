package dev.kafkapool.publisher.journal;

/** The journal cannot be used: its directory is locked by another process, unreadable, or full. */
public class JournalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }

}
