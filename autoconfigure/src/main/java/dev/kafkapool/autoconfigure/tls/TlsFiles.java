package dev.kafkapool.autoconfigure.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;

/**
 * The PEM files of the pool, fingerprinted by content: a Kubernetes Secret update swaps the
 * {@code ..data} symlink, so the paths stay and modification times say little; only the bytes tell.
 * Paths are followed through symlinks on every read.
 */
public final class TlsFiles {

    private final List<Path> files;

    private TlsFiles(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** The PEM files of {@code tls} that are set: CA, certificate, key. */
    public static TlsFiles of(KafkaPoolProperties.Tls tls) {
        List<Path> paths = new ArrayList<>();
        for (String path : new String[] { tls.getClientCa(), tls.getClientCert(), tls.getClientKey() }) {
            if (path != null && !path.isBlank()) {
                paths.add(Path.of(path.trim()));
            }
        }
        return new TlsFiles(paths);
    }

    /**
     * SHA-256 over every file's path and bytes; a missing or unreadable file counts as such, not as
     * empty. A file that is not a regular file (a FIFO would block the read for good, a device never
     * end), or is larger than {@link TlsMaterialResolver#MAX_PEM_FILE_BYTES}, is not read: its kind
     * and size count instead, and loading it is refused with the reason.
     */
    public String fingerprint() {
        MessageDigest digest = sha256();
        for (Path file : this.files) {
            digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
            try {
                if (!Files.isRegularFile(file)) {
                    digest.update((byte) 2);
                    digest.update(Boolean.toString(Files.exists(file)).getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                long size = Files.size(file);
                if (size > TlsMaterialResolver.MAX_PEM_FILE_BYTES) {
                    digest.update((byte) 3);
                    digest.update(Long.toString(size).getBytes(StandardCharsets.UTF_8));
                    digest.update(Long.toString(Files.getLastModifiedTime(file).toMillis()).getBytes(StandardCharsets.UTF_8));
                    continue;
                }
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
