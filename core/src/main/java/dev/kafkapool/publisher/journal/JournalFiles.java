package dev.kafkapool.publisher.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's dealings with the file system: it creates its directory, segment files and lock
 * file readable by their owner only, where the file system has POSIX permissions (segments hold payloads,
 * sensitive ones included, which other users of the machine must not read; the umask alone leaves
 * new files readable by everyone), and says in words what went wrong with a file.
 */
final class JournalFiles {

    private static final Logger logger = LoggerFactory.getLogger(Journal.class);

    /** Whether a directory that cannot be forced was said: once a process. */
    private static final AtomicBoolean UNFORCED_DIRECTORY_SAID = new AtomicBoolean();

    private static final FileAttribute<?> FILE = PosixFilePermissions
        .asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private static final FileAttribute<?> DIRECTORY = PosixFilePermissions
        .asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private JournalFiles() {
    }

    /** Creates {@code directory} and its missing parents; the directory itself owner-only, the parents as usual. */
    static void createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(directory, posix(parent) ? new FileAttribute<?>[] { DIRECTORY } : new FileAttribute<?>[0]);
        }
        catch (java.nio.file.FileAlreadyExistsException ex) {
            if (!Files.isDirectory(directory)) {
                throw ex;
            }
        }
    }

    /**
     * Makes the directory's entries durable (a segment's name after its rename): without it, a power cut
     * may bring a segment back under the name it was made with, {@code .journal.new}, which the next open
     * takes for a segment whose making was cut short. Where a directory cannot be forced (a platform or
     * file system that does not let a directory be opened), nothing is done, said once at WARN.
     * @return whether it was forced
     */
    static boolean forceDirectory(Path directory) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(directory,
                java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
            return true;
        }
        catch (IOException | UnsupportedOperationException ex) {
            if (UNFORCED_DIRECTORY_SAID.compareAndSet(false, true)) {
                logger.warn("The journal directory {} cannot be forced to the disk ({}): after a power cut, a segment "
                        + "made since may come back under its temporary name and be deleted at the next start (said "
                        + "once)", directory, ex.toString());
            }
            return false;
        }
    }

    /**
     * Opens {@code file} for writing, creating it owner-only when it is not there ({@code createNew}:
     * only then, failing when it is).
     */
    static java.nio.channels.FileChannel openForWriting(Path file, boolean createNew) throws IOException {
        java.util.Set<java.nio.file.OpenOption> options = java.util.Set.of(java.nio.file.StandardOpenOption.WRITE,
                createNew ? java.nio.file.StandardOpenOption.CREATE_NEW : java.nio.file.StandardOpenOption.CREATE);
        return java.nio.channels.FileChannel.open(file, options, posix(file.toAbsolutePath().getParent())
                ? new FileAttribute<?>[] { FILE } : new FileAttribute<?>[0]);
    }

    /** Creates the empty file {@code file}, owner-only. */
    static void createFile(Path file) throws IOException {
        Files.createFile(file, posix(file.toAbsolutePath().getParent()) ? new FileAttribute<?>[] { FILE }
                : new FileAttribute<?>[0]);
    }

    private static boolean posix(Path directory) throws IOException {
        return directory != null && Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    /**
     * What went wrong with a file, in words: the JDK's exceptions for a path carry only the path
     * ("/data/journal"), which says neither what nor why.
     */
    static String why(IOException failure) {
        if (failure instanceof java.nio.file.FileSystemException fileFailure) {
            String file = fileFailure.getFile();
            String what;
            if (failure instanceof java.nio.file.AccessDeniedException) {
                what = "permission denied";
                if (file != null) {
                    return what + " (" + file + ")" + deniedBy(Path.of(file), Files::isExecutable, Files::isWritable);
                }
            }
            else if (failure instanceof java.nio.file.FileAlreadyExistsException
                    || failure instanceof java.nio.file.NotDirectoryException) {
                what = "a file that is not a directory is in the way";
            }
            else if (failure instanceof java.nio.file.NoSuchFileException) {
                what = "no such file or directory";
            }
            else {
                what = (fileFailure.getReason() != null) ? fileFailure.getReason() : failure.getClass().getSimpleName();
            }
            return what + ((file != null) ? " (" + file + ")" : "");
        }
        return String.valueOf(failure.getMessage());
    }

    /**
     * For a file this process was denied: which directory on its path stops it, in words ("" when none
     * does as far as this process can see, e.g. a file's own mode or an access control list). The JDK says
     * only the path it was given, and a journal directory whose parent is not searchable reads as a
     * directory that cannot be created.
     * @param searchable whether this process may pass through a directory (its x permission)
     * @param writable whether this process may make and remove entries in a directory, or write a file
     */
    static String deniedBy(Path file, java.util.function.Predicate<Path> searchable,
            java.util.function.Predicate<Path> writable) {
        Path absolute = file.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null) {
            return "";
        }
        // each directory is looked at only once the one above it is known to let this process through
        Path directory = absolute.getRoot();
        for (int i = 0; ; i++) {
            if (!Files.isDirectory(directory)) {
                // missing, or not a directory: that is the failure, not a permission on the way
                return "";
            }
            if (!searchable.test(directory)) {
                return ": the directory " + directory + " on its path is not searchable by this process (it lacks the "
                        + "x permission for the process's user)";
            }
            if (i == parent.getNameCount()) {
                break;
            }
            directory = directory.resolve(parent.getName(i));
        }
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return writable.test(absolute) ? "" : ": " + absolute + " is not writable by this process";
        }
        return writable.test(parent) ? "" : ": the directory " + parent + " is not writable by this process, so "
                + absolute.getFileName() + " cannot be made in it";
    }

    /** What stands in the way, from the failure of a file operation. */
    static JournalException.Reason reason(IOException failure) {
        if (failure instanceof java.nio.file.AccessDeniedException) {
            return JournalException.Reason.PERMISSION_DENIED;
        }
        if (failure instanceof java.nio.file.FileAlreadyExistsException
                || failure instanceof java.nio.file.NotDirectoryException) {
            return JournalException.Reason.NOT_A_DIRECTORY;
        }
        String text = String.valueOf((failure instanceof java.nio.file.FileSystemException fileFailure
                && fileFailure.getReason() != null) ? fileFailure.getReason() : failure.getMessage());
        if (text.contains("Read-only file system")) {
            return JournalException.Reason.READ_ONLY;
        }
        if (text.contains("No space left") || text.contains("Disk quota exceeded")) {
            return JournalException.Reason.NO_ROOM;
        }
        return JournalException.Reason.UNUSABLE;
    }

    /** Bytes of the journal's segment files in {@code directory}: room the journal has taken already. */
    static long bytesIn(Path directory) throws IOException {
        long bytes = 0;
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter((path) -> SegmentFormat.hasSegmentName(path)).toList()) {
                bytes += Files.size(file);
            }
        }
        return bytes;
    }

    /** The name's start of the fsync thread's test writes ({@link #testWrite}). */
    static final String TEST_WRITE_PREFIX = ".fsync-test-";

    /**
     * Writes 4 KB of random bytes (storage that skips blocks of zeros would not write them) to a new file of its own
     * in {@code directory}, forces it to the disk and deletes it. The file is made new under a name of its own each
     * time: nothing already in the directory is opened (a link to a file elsewhere, a FIFO whose open blocks).
     * @return the failure, or {@code null} when the disk took it
     */
    static Throwable testWrite(Path directory) {
        Path file = directory.resolve(TEST_WRITE_PREFIX + Long.toHexString(java.util.concurrent.ThreadLocalRandom
            .current().nextLong()));
        boolean created = false;
        try {
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                created = true;
                byte[] bytes = new byte[4096];
                java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
                java.nio.ByteBuffer block = java.nio.ByteBuffer.wrap(bytes);
                while (block.hasRemaining()) {
                    channel.write(block);
                }
                channel.force(true);
            }
            return null;
        }
        catch (IOException ex) {
            return new java.io.UncheckedIOException(why(ex) + " (" + file + ")", ex);
        }
        catch (RuntimeException ex) {
            return ex;
        }
        finally {
            try {
                if (created) {
                    Files.deleteIfExists(file);
                }
            }
            catch (IOException | RuntimeException ex) {
                // a start deletes what is left
            }
        }
    }

    /**
     * The size of {@code file} when it is a regular, non-empty file of zeros only, else -1 (also when it cannot be
     * read: the caller then treats it as it would have).
     */
    static long onlyZeros(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return -1;
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 16);
            long size = 0;
            for (int read; (read = channel.read(buffer.clear())) >= 0;) {
                for (int i = 0; i < read; i++) {
                    if (buffer.get(i) != 0) {
                        return -1;
                    }
                }
                size += read;
            }
            return (size > 0) ? size : -1;
        }
        catch (IOException ex) {
            return -1;
        }
    }

    /**
     * Where an unreadable segment file is moved: {@code <name>.unreadable}, or with {@code .2},
     * {@code .3} ... after it when that is taken, so that no file kept for recovery is replaced.
     */
    static Path asideOf(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
        for (int n = 2; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); n++) {
            aside = file.resolveSibling(file.getFileName() + ".unreadable." + n);
        }
        return aside;
    }

}
