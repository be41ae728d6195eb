package dev.kafkapool.autoconfigure;

/**
 * Whether a failure is this process running out of file descriptors (EMFILE, or ENFILE for the whole
 * host) rather than a fact about the file or the peer it was opening: the JVM words both as
 * {@code Too many open files} (the C library's text, which it reports without translating). Such a
 * failure passes when descriptors are closed again, so it must not be taken for a missing broker or an
 * unreadable certificate, nor fixed by changing either.
 */
public final class OpenFileLimit {

    /** What the JVM reports for EMFILE and ENFILE ({@code Too many open files in system}). */
    private static final String TEXT = "Too many open files";

    /** The fix, for a report whose subject is not at fault. */
    public static final String ACTION = "Raise the process's limit of open files (ulimit -n; a container gets its "
            + "runtime's default), or find what holds them (ls -l /proc/<pid>/fd)";

    private OpenFileLimit() {
    }

    /** Whether {@code failure}, or any of its causes, is this process out of file descriptors. */
    public static boolean reached(Throwable failure) {
        return detail(failure) != null;
    }

    /**
     * The message of the deepest of {@code failure} and its causes that says the process is out of file
     * descriptors ({@code /tls/tls.key: Too many open files}: the JDK's, naming the file), or {@code null}.
     */
    public static String detail(Throwable failure) {
        String found = null;
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
            String message = cause.getMessage();
            if (message != null && message.contains(TEXT)) {
                found = message;
            }
        }
        return found;
    }

}
