package dev.kafkapool.publisher.journal;

/** An append does not fit: the journal holds its {@code maxBytes}, or the disk is full. */
public final class JournalFullException extends JournalException {

    private static final long serialVersionUID = 1L;

    public JournalFullException(String message, Throwable cause) {
        super(message, Reason.NO_ROOM, cause);
    }

}
