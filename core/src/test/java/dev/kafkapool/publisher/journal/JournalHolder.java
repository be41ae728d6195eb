package dev.kafkapool.publisher.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A second process for {@link JournalTests}: takes the journal directory, appends one record, and waits to be killed. */
public final class JournalHolder {

    private JournalHolder() {
    }

    /**
     * Deletes the journal's lock file in {@code directory} and opens a journal there, as another
     * process would after the deletion; again if the first journal's lock check made the file anew
     * in between (it looks every second).
     */
    public static Journal takeOver(Path directory) {
        for (int attempt = 1;; attempt++) {
            try {
                java.nio.file.Files.deleteIfExists(directory.resolve(DirectoryLock.FILE));
                return Journal.open(new JournalSettings(directory, FsyncMode.NEVER, Duration.ofSeconds(1),
                        8 * 64 * 1024, 64 * 1024), "other");
            }
            catch (JournalException | java.io.IOException ex) {
                if (attempt == 5) {
                    throw new IllegalStateException(ex);
                }
            }
        }
    }

    /** Reads the holder's output (its log lines too) until it says it holds the directory; {@code false} if it ended first. */
    static boolean awaitLocked(java.io.BufferedReader output) throws java.io.IOException {
        for (String line; (line = output.readLine()) != null;) {
            if (line.equals("locked")) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) throws InterruptedException {
        Journal journal = Journal.open(new JournalSettings(Path.of(args[0]), FsyncMode.NEVER, Duration.ofSeconds(1),
                8 * 64 * 1024, 64 * 1024), "holder");
        byte[] bytes = "from the holder".getBytes(StandardCharsets.UTF_8);
        journal.append(bytes.length, (buffer) -> buffer.put(bytes));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

}
