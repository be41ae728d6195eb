package dev.kafkapool.publisher.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a second live process (or a second pool of this one) off a journal directory: an operating
 * system lock on its {@code journal.lock} file. The kernel releases it when the process dies, however
 * it dies, so a restart after {@code SIGKILL} is never blocked by a stale lock.
 *
 * <p>A lock file deleted while the directory is in use (an operator "cleaning up" a lock file, as
 * one does with stale pid files) would let the next process take the directory, the lock being on
 * the deleted file. {@link #keep()}, called every second, makes and locks a new one when it finds
 * the file gone (and the directory, when that went too), and tells when another process got there first.
 *
 * <p>A process loses its lock on a file when it closes any descriptor of that file (POSIX record
 * locks), also one opened by another part of the process: a lock file this process holds is
 * therefore never opened again here ({@link #HELD}), and a second pool of this process is refused
 * without touching it.
 */
final class DirectoryLock implements AutoCloseable {

    static final String FILE = "journal.lock";

    /** The lock files this process holds, by {@link BasicFileAttributes#fileKey()}; changed under the class's monitor. */
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();

    /** What {@link #keep()} found. */
    enum Kept {
        /** The lock file is the one this lock holds. */
        HELD,
        /** The lock file was gone (or replaced by a file nobody locks); a new one is made and locked. */
        REMADE,
        /** The lock file was replaced, and another live process holds the lock on the new one. */
        TAKEN,
        /** The whole directory was gone; it is made again, with a new lock file, locked. */
        DIRECTORY_REMADE
    }

    private final Path directory;

    private final Path file;

    private FileChannel channel;

    private FileLock lock;

    /** The file the lock is on ({@link BasicFileAttributes#fileKey()}: device and inode). */
    private Object key;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.file = directory.resolve(FILE);
        this.channel = channel;
        this.lock = lock;
        this.key = fileKey(this.file);
    }

    static DirectoryLock acquire(Path directory) {
        synchronized (DirectoryLock.class) {
            return acquireUnlocked(directory);
        }
    }

    private static DirectoryLock acquireUnlocked(Path directory) {
        Path file = directory.resolve(FILE);
        Object existing = fileKey(file);
        if (existing != null && HELD.contains(existing)) {
            // another pool of this process holds it: opening the file (and closing it) would drop that lock
            throw inUse(directory, null);
        }
        FileChannel channel;
        try {
            channel = JournalFiles.openForWriting(file, false);
        }
        catch (IOException ex) {
            throw new JournalException("the journal directory " + directory + " cannot be used: " + JournalFiles.why(ex),
                    JournalFiles.reason(ex), ex);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(directory, null);
            }
            DirectoryLock held = new DirectoryLock(directory, channel, lock);
            if (held.key != null) {
                HELD.add(held.key);
            }
            return held;
        }
        catch (OverlappingFileLockException ex) {
            close(channel);
            throw inUse(directory, ex);
        }
        catch (IOException ex) {
            close(channel);
            throw new JournalException("the journal directory " + directory + " cannot be locked: " + JournalFiles.why(ex),
                    JournalFiles.reason(ex), ex);
        }
        catch (JournalException ex) {
            close(channel);
            throw ex;
        }
    }

    /**
     * Checks that the lock is still on the directory's {@code journal.lock}; when that file is gone,
     * or is another file that no process locks, makes it the locked one again.
     * @throws IOException when the file cannot be read or made
     */
    Kept keep() throws IOException {
        synchronized (DirectoryLock.class) {
            synchronized (this) {
                return keepUnlocked();
            }
        }
    }

    private Kept keepUnlocked() throws IOException {
        Object current = fileKey(this.file);
        if (current != null && Objects.equals(current, this.key)) {
            return Kept.HELD;
        }
        if (current != null && HELD.contains(current)) {
            // another pool of this process holds the new file: opening it would drop that pool's lock
            return Kept.TAKEN;
        }
        // the directory itself deleted (rm -rf): made again, so that this process goes on holding it
        boolean directoryGone = current == null && !Files.isDirectory(this.directory);
        if (directoryGone) {
            Files.createDirectories(this.directory);
        }
        FileChannel next;
        try {
            next = (current == null) ? JournalFiles.openForWriting(this.file, true)
                    : FileChannel.open(this.file, StandardOpenOption.WRITE);
        }
        catch (FileAlreadyExistsException | NoSuchFileException ex) {
            // another process made (or removed) it meanwhile: looked at again next time
            return Kept.HELD;
        }
        FileLock nextLock;
        try {
            nextLock = next.tryLock();
        }
        catch (OverlappingFileLockException ex) {
            // another journal of this process holds it
            nextLock = null;
        }
        catch (IOException ex) {
            close(next);
            throw ex;
        }
        if (nextLock == null) {
            close(next);
            return Kept.TAKEN;
        }
        FileChannel old = this.channel;
        this.channel = next;
        this.lock = nextLock;
        if (this.key != null) {
            HELD.remove(this.key);
        }
        this.key = fileKey(this.file);
        if (this.key != null) {
            HELD.add(this.key);
        }
        // the old lock is on a file no process can open any more
        close(old);
        return directoryGone ? Kept.DIRECTORY_REMADE : Kept.REMADE;
    }

    Path directory() {
        return this.directory;
    }

    /** The file's device and inode, or {@code null} when it does not exist. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        }
        catch (IOException ex) {
            return null;
        }
    }

    private static JournalException inUse(Path directory, Throwable cause) {
        return new JournalException("the journal directory " + directory + " is in use by another live process "
                + "(or another pool of this one), which holds the lock on its " + FILE + "; each needs a directory of "
                + "its own. The kernel releases the lock when that process dies: do not delete the file",
                JournalException.Reason.IN_USE, cause);
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
        synchronized (DirectoryLock.class) {
            synchronized (this) {
                if (this.key != null) {
                    HELD.remove(this.key);
                }
                release();
            }
        }
    }

    private void release() {
        try {
            this.lock.release();
        }
        catch (IOException ex) {
            // released with the channel
        }
        close(this.channel);
    }

}
