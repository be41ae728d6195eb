package dev.kafkapool.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary directories deleted, with their content, when the JVM exits. A JVM killed with
 * {@code kill -9} runs no shutdown hook: each directory names its owner in an {@value #OWNER}
 * file, which the owner also holds a lock on for as long as it lives (the kernel releases it when
 * the process dies), and the first directory a JVM creates with a prefix deletes the directories of
 * that prefix whose owner is gone: its process id names no process started at that time, and
 * nobody holds the lock. The lock keeps a live owner's directories where the process id cannot
 * tell (a JVM in another PID namespace, a container sharing {@code /tmp}). A child process recorded in such a
 * directory ({@link #recordProcess}) is killed with it: a broker frozen with SIGSTOP runs no watchdog of its own.
 */
public final class TemporaryDirectories {

    static final String OWNER = ".kafka-pool-owner";

    /**
     * The file the owner locks. Not {@link #OWNER}: a process releases its lock on a file whenever it
     * closes any descriptor of that file (POSIX), and the owner reads its owner file when it sweeps.
     */
    static final String LOCK = ".kafka-pool-owner.lock";

    /** A child process of the owner's, recorded in a directory below its own: its id and start time. */
    static final String PROCESS = ".kafka-pool-process";

    private static final Set<String> SWEPT = ConcurrentHashMap.newKeySet();

    /**
     * This JVM's directories not yet deleted: the channel of each one's lock file, open with its
     * lock, and the shutdown hook that deletes it, both let go of when it is deleted before exit.
     */
    private static final Map<Path, Owned> OWNED = new ConcurrentHashMap<>();

    private record Owned(FileChannel lock, Thread hook) {
    }

    private TemporaryDirectories() {
    }

    /** Creates a directory under {@code java.io.tmpdir} that a shutdown hook removes. */
    public static Path create(String prefix) {
        return createInTemporaryDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix);
    }

    /** {@link #create(Path, String)} in {@code temp}, the JVM's temporary directory, failing with the cause and the fix. */
    static Path createInTemporaryDirectory(Path temp, String prefix) {
        try {
            return create(temp, prefix);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not create a directory " + prefix + "* in " + temp
                    + " (the JVM's java.io.tmpdir): " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                    + ". Point java.io.tmpdir (in surefire's argLine) at a directory this user may write", ex);
        }
    }

    /** Creates a directory under {@code parent} that a shutdown hook removes. */
    public static Path create(Path parent, String prefix) throws IOException {
        Path directory = Files.createTempDirectory(parent, prefix);
        Thread hook = new Thread(() -> delete(directory), "delete-" + prefix);
        Runtime.getRuntime().addShutdownHook(hook);
        // the lock first: a sweeper that reads the owner file (in another PID namespace, the owner's id looks
        // gone) then always finds it held; without an owner file a directory is never swept
        OWNED.put(directory, new Owned(hold(directory.resolve(LOCK)), hook));
        Files.writeString(directory.resolve(OWNER), owner(ProcessHandle.current()));
        if (SWEPT.add(parent.toAbsolutePath() + "/" + prefix)) {
            deleteOrphans(parent, prefix);
        }
        return directory;
    }

    /**
     * Deletes the directories {@code prefix*} in {@code parent} whose owner file names a process
     * that is gone (or a process of the same id started at another time). Directories without an
     * owner file (older kits, or one being created this instant) are left alone.
     */
    public static void deleteOrphans(Path parent, String prefix) {
        try (Stream<Path> candidates = Files.list(parent)) {
            candidates.filter((path) -> path.getFileName().toString().startsWith(prefix))
                .filter((path) -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                .filter(TemporaryDirectories::orphaned)
                .forEach(TemporaryDirectories::deleteOrphan);
        }
        catch (IOException | UncheckedIOException ex) {
            // best effort: another JVM may be sweeping too
        }
    }

    /**
     * Records {@code pid}, a child process that works in {@code directory} (one of this class's directories or a
     * directory below one), so that whoever deletes the directory after its owner died without cleaning up kills the
     * process if it still runs: a child that watches its parent cannot while it is stopped (SIGSTOP).
     */
    public static void recordProcess(Path directory, long pid) {
        ProcessHandle.of(pid).ifPresent((process) -> {
            try {
                Files.writeString(directory.resolve(PROCESS), owner(process));
            }
            catch (IOException ex) {
                // the child's own watchdog is left, as before
            }
        });
    }

    /** Kills the processes recorded in {@code directory} and the directories below it that still run, then deletes it. */
    private static void deleteOrphan(Path directory) {
        try (Stream<Path> records = Files.walk(directory, 2)) {
            records.filter((path) -> path.getFileName().toString().equals(PROCESS)).forEach((record) -> {
                String recorded;
                try {
                    recorded = Files.readString(record).trim();
                }
                catch (IOException ex) {
                    return;
                }
                int space = recorded.indexOf(' ');
                try {
                    long pid = Long.parseLong(recorded.substring(0, Math.max(space, 0)));
                    // the same id and start time: not a process that took the id later
                    ProcessHandle.of(pid).filter((process) -> owner(process).equals(recorded))
                        .ifPresent(ProcessHandle::destroyForcibly);
                }
                catch (NumberFormatException ex) {
                    // not a record of ours
                }
            });
        }
        catch (IOException | UncheckedIOException ex) {
            // best effort, as the sweep
        }
        delete(directory);
    }

    private static boolean orphaned(Path directory) {
        Path file = directory.resolve(OWNER);
        String recorded;
        try {
            recorded = Files.readString(file).trim();
        }
        catch (IOException ex) {
            return false;
        }
        int space = recorded.indexOf(' ');
        if (space <= 0) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(recorded.substring(0, space));
        }
        catch (NumberFormatException ex) {
            return false;
        }
        boolean gone = ProcessHandle.of(pid).map((process) -> !owner(process).equals(recorded)).orElse(true);
        // the lock is read only when the id says gone, so never by the owner itself (its own id is never gone to it)
        return gone && !locked(directory.resolve(LOCK));
    }

    /** Locks {@code file} until its directory is deleted or this JVM exits (the kernel releases the lock then). */
    private static FileChannel hold(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.lock();
            return channel;
        }
        catch (IOException | RuntimeException ex) {
            channel.close();
            throw ex;
        }
    }

    /** Whether a live process holds the lock of {@code file} (none without the file: a kit from before locks). */
    private static boolean locked(Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        }
        catch (OverlappingFileLockException ex) {
            return true;
        }
        catch (IOException ex) {
            // cannot tell: keep it
            return true;
        }
    }

    /** A process's id and start time: an id alone may be taken by another process later. */
    private static String owner(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * Deletes {@code directory} and everything below it, ignoring what is already gone; a directory
     * of this JVM's lets go of its lock file and its shutdown hook too.
     */
    public static void delete(Path directory) {
        Owned owned = OWNED.remove(directory);
        if (owned != null && Thread.currentThread() != owned.hook()) {
            try {
                Runtime.getRuntime().removeShutdownHook(owned.hook());
            }
            catch (IllegalStateException ex) {
                // the JVM is exiting: its hook deletes the directory too
            }
        }
        try {
            deleteTree(directory);
        }
        finally {
            if (owned != null) {
                // after the files: until then the lock tells a sweeper of another PID namespace the owner lives
                try {
                    owned.lock().close();
                }
                catch (IOException ex) {
                    // the kernel releases it at exit
                }
            }
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException | UncheckedIOException ex) {
            // best effort at exit
        }
    }

}
