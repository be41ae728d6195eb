package dev.kafkapool.autoconfigure.tls;

import java.nio.file.Path;
import java.util.ArrayList;
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

    /** Each file's content as it is now, read once. */
    TlsFileContents read() {
        return TlsFileContents.read(this.files);
    }

    /**
     * A fingerprint of the files' content now ({@link TlsFileContents#fingerprint}): a missing or unreadable
     * file counts as such, not as empty. A file that is not a regular file (a FIFO would block the read for
     * good, a device never end), or is larger than {@link TlsMaterialResolver#MAX_PEM_FILE_BYTES}, is not
     * read: its kind and size count instead, and loading it is refused with the reason.
     */
    public String fingerprint() {
        return read().fingerprint();
    }

    @Override
    public String toString() {
        return this.files.toString();
    }

}
