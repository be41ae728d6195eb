package dev.kafkapool.autoconfigure.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The PEM files of the pool, fingerprinted by content: a Kubernetes Secret update swaps the
 * {@code ..data} symlink, so the paths stay and modification times say little; only the bytes tell.
 * Paths are followed through symlinks on every read.
 */
final class TlsFiles {

    private final List<Path> files;

    TlsFiles(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** SHA-256 over every file's path and bytes; a missing or unreadable file counts as such, not as empty. */
    String fingerprint() {
        MessageDigest digest = sha256();
        for (Path file : this.files) {
            digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
            try {
                byte[] content = Files.readAllBytes(file);
                digest.update((byte) 1);
                digest.update(Long.toString(content.length).getBytes(StandardCharsets.UTF_8));
                digest.update(content);
            }
            catch (IOException | SecurityException ex) {
                digest.update((byte) 0);
                digest.update(ex.getClass().getName().getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    List<Path> files() {
        return this.files;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }

    @Override
    public String toString() {
        return this.files.toString();
    }

}
