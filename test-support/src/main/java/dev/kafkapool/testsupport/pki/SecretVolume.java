package dev.kafkapool.testsupport.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A directory laid out the way the kubelet mounts a Secret, and updated the way it updates one:
 * each version of the files in a timestamped directory {@code ..2026_12_02_13_39_26.N}, the
 * symlink {@code ..data} pointing at the current version, and each file name a symlink through
 * {@code ..data}. {@link #update} writes a new version and renames a new symlink over
 * {@code ..data} (one atomic {@code rename(2)}), so a reader sees all old files or all new ones,
 * never a mix; then the old version is removed.
 */
public final class SecretVolume {

    private static final String DATA = "..data";

    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss");

    private final Path directory;

    private final AtomicInteger versions = new AtomicInteger();

    private SecretVolume(Path directory) {
        this.directory = directory;
    }

    /** A volume in {@code directory} (created if needed) holding {@code files} (name to the file to copy). */
    public static SecretVolume create(Path directory, Map<String, Path> files) {
        try {
            Files.createDirectories(directory);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        SecretVolume volume = new SecretVolume(directory);
        volume.update(files);
        return volume;
    }

    /** The path applications are given for {@code name}: a symlink through {@code ..data}. */
    public Path file(String name) {
        return this.directory.resolve(name);
    }

    /** The mounted directory. */
    public Path directory() {
        return this.directory;
    }

    /** Atomically replaces every file with the content of {@code files} (name to the file to copy). */
    public void update(Map<String, Path> files) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        files.forEach((name, source) -> {
            try {
                contents.put(name, Files.readAllBytes(source));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        updateContents(contents);
    }

    /** As {@link #update}, with the bytes of each file given. */
    public void updateContents(Map<String, byte[]> files) {
        try {
            Path version = this.directory.resolve(LocalDateTime.now().format(VERSION) + "." + this.versions.incrementAndGet());
            Files.createDirectory(version);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(version.resolve(file.getKey()), file.getValue());
            }
            Path previous = Files.isSymbolicLink(this.directory.resolve(DATA))
                    ? this.directory.resolve(DATA).toRealPath() : null;
            Path next = this.directory.resolve("..data_tmp");
            Files.deleteIfExists(next);
            Files.createSymbolicLink(next, version.getFileName());
            Files.move(next, this.directory.resolve(DATA), StandardCopyOption.ATOMIC_MOVE);
            for (String name : files.keySet()) {
                Path link = this.directory.resolve(name);
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, Path.of(DATA, name));
                }
            }
            if (previous != null && !previous.equals(version.toRealPath())) {
                delete(previous);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Overwrites {@code name} in the current version in place, not atomically, with {@code content}:
     * what a writer that is not the kubelet (a copy onto a host path) leaves while it is halfway.
     */
    public void overwriteInPlace(String name, byte[] content) {
        try {
            Path target = this.directory.resolve(DATA).toRealPath().resolve(name);
            Files.write(target, content);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

}
