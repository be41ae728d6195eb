package dev.kafkapool.publisher.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second live process (or a second pool of this one) off a journal directory: an operating
 * system lock on its {@code journal.lock} file. The kernel releases it when the process dies, however
 * it dies, so a restart after {@code SIGKILL} is never blocked by a stale lock.
 */
final class DirectoryLock implements AutoCloseable {

    static final String FILE = "journal.lock";

    private final FileChannel channel;

    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DirectoryLock acquire(Path directory) {
        Path file = directory.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        catch (IOException ex) {
            throw new JournalException("the journal directory " + directory + " cannot be used: " + JournalFiles.why(ex),
                    ex);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(directory, null);
            }
            return new DirectoryLock(channel, lock);
        }
        catch (OverlappingFileLockException ex) {
            close(channel);
            throw inUse(directory, ex);
        }
        catch (IOException ex) {
            close(channel);
            throw new JournalException("the journal directory " + directory + " cannot be locked: " + JournalFiles.why(ex),
                    ex);
        }
        catch (JournalException ex) {
            close(channel);
            throw ex;
        }
    }

    private static JournalException inUse(Path directory, Throwable cause) {
        return new JournalException("the journal directory " + directory + " is in use by another live process "
                + "(or another pool of this one); each needs a directory of its own", cause);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        }
        catch (IOException ex) {
            // nothing more to release
        }
    }

    @Override
    public void close() {
        try {
            this.lock.release();
        }
        catch (IOException ex) {
            // released with the channel
        }
        close(this.channel);
    }

}
