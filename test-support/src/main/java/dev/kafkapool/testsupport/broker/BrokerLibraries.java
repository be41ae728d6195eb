package dev.kafkapool.testsupport.broker;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

import dev.kafkapool.testsupport.TemporaryDirectories;

/**
 * The broker's jars, which travel inside the kit's jar, laid out on disk for the broker's JVM: once
 * per content in the temporary directory ({@code kafka-pool-test-broker-<digest>}, shared by the
 * test JVMs of one user), made under a private name and renamed into place whole, so that test JVMs
 * starting at once never see half a directory. A directory of that name that this user does not
 * own, that others may write, or whose files are not what the kit holds (size and checksum) is not
 * used: this JVM then lays out a copy of its own, once, deleted when it exits. A JVM checks and
 * lays out once, whatever number of brokers it starts. A layout or copy left by a JVM killed with
 * {@code kill -9} is deleted by the next JVM that starts a broker ({@link TemporaryDirectories}).
 */
final class BrokerLibraries {

    private static final String PREFIX = "kafka-pool-test-broker-";

    /** What this JVM laid out or found, by kit jar, directory and names. */
    private static final ConcurrentMap<String, List<Path>> LAID_OUT = new ConcurrentHashMap<>();

    private BrokerLibraries() {
    }

    /**
     * The files of {@code names} (relative to {@code directory} inside {@code kitJar}) on disk, in
     * the same order.
     */
    static List<Path> unpacked(Path kitJar, String directory, List<String> names) {
        // once per JVM: checked once (each file's checksum), and a private copy made once, not per broker
        return LAID_OUT.computeIfAbsent(kitJar + "!" + directory + "!" + names,
                (key) -> unpacked(kitJar, directory, names, Path.of(System.getProperty("java.io.tmpdir"))));
    }

    /** As {@link #unpacked(Path, String, List)}, in {@code temp} rather than the JVM's temporary directory, every time. */
    static List<Path> unpacked(Path kitJar, String directory, List<String> names, Path temp) {
        // what JVMs killed with kill -9 left, whether or not this one lays anything out
        TemporaryDirectories.deleteOrphans(temp, PREFIX + "part-");
        TemporaryDirectories.deleteOrphans(temp, PREFIX + "own-");
        try (JarFile jar = new JarFile(kitJar.toFile())) {
            List<JarEntry> entries = new ArrayList<>();
            for (String name : names) {
                JarEntry entry = jar.getJarEntry(directory + "/" + name);
                if (entry == null) {
                    throw new IllegalStateException(kitJar + " lacks " + directory + "/" + name + ", which its "
                            + "kafka-broker.classpath lists: the jar was not made by the kit's Maven build");
                }
                entries.add(entry);
            }
            String digest = digest(entries);
            Path shared = temp.resolve(PREFIX + digest);
            if (shared.toString().contains(File.pathSeparator)) {
                throw new IllegalStateException("The broker's jars cannot be laid out in " + temp + " (the JVM's "
                        + "java.io.tmpdir): a class path cannot name a file whose path holds '" + File.pathSeparator
                        + "'. Point java.io.tmpdir (in surefire's argLine) at a directory without one");
            }
            if (!Files.exists(shared, LinkOption.NOFOLLOW_LINKS)) {
                Path made = layOut(jar, entries, temp, PREFIX + "part-");
                try {
                    Files.move(made, shared, StandardCopyOption.ATOMIC_MOVE);
                }
                catch (FileAlreadyExistsException | AtomicMoveNotSupportedException ex) {
                    TemporaryDirectories.delete(made);
                }
                catch (IOException ex) {
                    // another JVM's rename came first (a non-empty directory cannot be replaced)
                    if (!Files.exists(shared, LinkOption.NOFOLLOW_LINKS)) {
                        throw ex;
                    }
                    TemporaryDirectories.delete(made);
                }
            }
            Path use = isTrusted(shared, entries) ? shared : layOut(jar, entries, temp, PREFIX + "own-");
            return entries.stream().map((entry) -> use.resolve(fileName(entry))).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not lay out the broker's jars (44 MB) from " + kitJar + " in " + temp
                    + " (the JVM's java.io.tmpdir): " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                    + ". Point java.io.tmpdir (in surefire's argLine) at a directory this user may write, with room "
                    + "for them", ex);
        }
    }

    /** Names, sizes and checksums of the entries, as the jar's directory records them. */
    private static String digest(List<JarEntry> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (JarEntry entry : entries) {
                sha.update((entry.getName() + "\n" + entry.getSize() + "\n" + entry.getCrc() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }

    /** A new directory (owner-only where the file system has POSIX permissions) holding every entry. */
    private static Path layOut(JarFile jar, List<JarEntry> entries, Path parent, String prefix) throws IOException {
        // this JVM's (a part- directory's until it is renamed into place): deleted at its exit, or after a
        // kill -9 by the next JVM that starts a broker
        Path made = TemporaryDirectories.create(parent, prefix);
        try {
            for (JarEntry entry : entries) {
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, made.resolve(fileName(entry)));
                }
            }
            return made;
        }
        catch (IOException | RuntimeException ex) {
            TemporaryDirectories.delete(made);
            throw ex;
        }
    }

    /**
     * Whether the shared directory may be put on the broker's class path: a real directory of this
     * user (where the file system knows owners) that only its owner may write (where it knows POSIX
     * permissions), holding each entry at its size and checksum.
     */
    private static boolean isTrusted(Path shared, List<JarEntry> entries) throws IOException {
        if (!Files.isDirectory(shared, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        FileStore store = Files.getFileStore(shared);
        if (store.supportsFileAttributeView(FileOwnerAttributeView.class)
                && !Files.getOwner(shared, LinkOption.NOFOLLOW_LINKS).equals(currentUser(shared.getParent()))) {
            return false;
        }
        if (store.supportsFileAttributeView(PosixFileAttributeView.class)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(shared, LinkOption.NOFOLLOW_LINKS);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                return false;
            }
        }
        for (JarEntry entry : entries) {
            Path file = shared.resolve(fileName(entry));
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != entry.getSize()
                    || crcOf(file) != entry.getCrc()) {
                return false;
            }
        }
        return true;
    }

    private static long crcOf(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                crc.update(buffer, 0, read);
            }
        }
        return crc.getValue();
    }

    /** The user this JVM runs as, as the file system names it: by name, else the owner of a file it makes. */
    private static UserPrincipal currentUser(Path directory) throws IOException {
        try {
            return directory.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        }
        catch (IOException | UnsupportedOperationException ex) {
            // a name the file system does not know: ask it through a file
        }
        Path probe = Files.createTempFile(directory, PREFIX + "owner-", ".probe");
        try {
            return Files.getOwner(probe);
        }
        finally {
            Files.deleteIfExists(probe);
        }
    }

    private static String fileName(JarEntry entry) {
        String name = entry.getName();
        return name.substring(name.lastIndexOf('/') + 1);
    }

}
