package dev.kafkapool.publisher.journal;

/** The journal cannot be used: its directory is locked by another process, unreadable, or full. */
public class JournalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What stands in the way, so that a startup report can name the fix that fits. */
    public enum Reason {

        /** Another live process (or another pool of this one) holds the directory's lock. */
        IN_USE,

        /** The application's user may not read or write a file or the directory. */
        PERMISSION_DENIED,

        /** A file that is not a directory is where the directory should be. */
        NOT_A_DIRECTORY,

        /** The file system is mounted read-only. */
        READ_ONLY,

        /** The volume has no room for the journal's files. */
        NO_ROOM,

        /** Anything else: the message says what. */
        UNUSABLE,

        /**
         * A segment file cannot be opened for now (too many open files, no memory to map it, an I/O
         * error): its records may be whole, and a start once the cause is gone delivers them.
         */
        SEGMENT_UNAVAILABLE

    }

    private final Reason reason;

    public JournalException(String message, Throwable cause) {
        this(message, Reason.UNUSABLE, cause);
    }

    public JournalException(String message, Reason reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** What stands in the way. */
    public Reason reason() {
        return this.reason;
    }

}
