package dev.kafkapool.autoconfigure.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PEM files as one read found them: each file's bytes, or why there were none. The loader parses
 * these bytes and nothing else, and the fingerprint is of these bytes, so a material and its
 * fingerprint always name the same content, however often a Secret is swapped during the read.
 */
final class TlsFileContents {

    /** What a read found at a path. */
    enum Kind {

        /** Read: {@link File#bytes()} holds the content. */
        READ,

        /** The file system cannot say whether it exists (a directory on the path not searchable). */
        UNREACHABLE,

        /** Nothing at the path. */
        MISSING,

        /** Symbolic links on the path lead back to themselves (a loop): nothing can be read. */
        LINK_LOOP,

        /** A directory, FIFO or device: not read (a FIFO would block the read for good). */
        NOT_REGULAR,

        /** Larger than {@link TlsMaterialResolver#MAX_PEM_FILE_BYTES}: not read, {@link File#size()} says how large. */
        TOO_LARGE,

        /** The read failed: {@link File#failure()} says why. */
        UNREADABLE

    }

    /** One file as read; {@code bytes} only for {@link Kind#READ}, {@code failure} only for {@link Kind#UNREADABLE}. */
    record File(Path path, Kind kind, byte[] bytes, long size, long modified, Exception failure) {
    }

    private final List<Path> paths;

    private final Map<Path, File> files;

    private TlsFileContents(List<Path> paths, Map<Path, File> files) {
        this.paths = paths;
        this.files = files;
    }

    /** Reads each of {@code paths} once (a path listed twice is read once), following symlinks. */
    static TlsFileContents read(List<Path> paths) {
        Map<Path, File> files = new LinkedHashMap<>();
        for (Path path : paths) {
            files.computeIfAbsent(path, TlsFileContents::readOne);
        }
        return new TlsFileContents(List.copyOf(paths), files);
    }

    private static File readOne(Path path) {
        try {
            if (!Files.exists(path)) {
                return new File(path, Files.notExists(path) ? Kind.MISSING : linkLoop(path) ? Kind.LINK_LOOP
                        : Kind.UNREACHABLE, null, 0, 0, null);
            }
            if (!Files.isRegularFile(path)) {
                return new File(path, Kind.NOT_REGULAR, null, 0, 0, null);
            }
            long size = Files.size(path);
            if (size > TlsMaterialResolver.MAX_PEM_FILE_BYTES) {
                return new File(path, Kind.TOO_LARGE, null, size, Files.getLastModifiedTime(path).toMillis(), null);
            }
            byte[] bytes = Files.readAllBytes(path);
            return new File(path, Kind.READ, bytes, bytes.length, 0, null);
        }
        catch (IOException | SecurityException ex) {
            return new File(path, Kind.UNREADABLE, null, 0, 0, ex);
        }
    }

    /** Most symbolic links followed on one path, as Linux allows (MAXSYMLINKS): more is a loop. */
    private static final int MOST_LINKS = 40;

    /**
     * Whether {@code path} cannot be resolved for a loop of symbolic links (ELOOP), not for a directory's
     * permissions: its links are followed one name at a time, as the kernel does, read from the file system
     * itself rather than from an error text that the C library and the locale word differently.
     */
    private static boolean linkLoop(Path path) {
        java.util.Deque<Path> names = new java.util.ArrayDeque<>();
        Path absolute = path.toAbsolutePath();
        absolute.forEach(names::add);
        Path resolved = absolute.getRoot();
        int links = 0;
        try {
            while (!names.isEmpty()) {
                Path next = resolved.resolve(names.removeFirst());
                if (!Files.isSymbolicLink(next)) {
                    resolved = next;
                    continue;
                }
                if (++links > MOST_LINKS) {
                    return true;
                }
                Path target = Files.readSymbolicLink(next);
                java.util.List<Path> targetNames = new java.util.ArrayList<>();
                target.forEach(targetNames::add);
                for (int i = targetNames.size() - 1; i >= 0; i--) {
                    names.addFirst(targetNames.get(i));
                }
                if (target.isAbsolute()) {
                    resolved = target.getRoot();
                }
            }
            return false;
        }
        catch (IOException | SecurityException ex) {
            return false;
        }
    }

    /** What the read found at {@code path}, which must be one of the paths read. */
    File file(Path path) {
        File file = this.files.get(path);
        if (file == null) {
            throw new IllegalArgumentException(path + " is not one of the files read: " + this.paths);
        }
        return file;
    }

    /**
     * SHA-256 over every path and what was found there: the bytes, or the kind of absence (with the size
     * and modification time of a file too large to read, and the kind of failure of one that could not be).
     */
    String fingerprint() {
        MessageDigest digest = sha256();
        for (Path path : this.paths) {
            File file = this.files.get(path);
            digest.update(path.toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) file.kind().ordinal());
            switch (file.kind()) {
                case READ -> {
                    digest.update(Long.toString(file.bytes().length).getBytes(StandardCharsets.UTF_8));
                    digest.update(file.bytes());
                }
                case TOO_LARGE -> digest.update((file.size() + "/" + file.modified()).getBytes(StandardCharsets.UTF_8));
                case UNREADABLE -> digest.update(file.failure().getClass().getName().getBytes(StandardCharsets.UTF_8));
                default -> {
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }

}
