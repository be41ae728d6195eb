package dev.kafkapool.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories deleted, with their content, when the JVM exits. */
public final class TemporaryDirectories {

    private TemporaryDirectories() {
    }

    /** Creates a directory under {@code java.io.tmpdir} that a shutdown hook removes. */
    public static Path create(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory), "delete-" + prefix));
            return directory;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Deletes {@code directory} and everything below it, ignoring what is already gone. */
    public static void delete(Path directory) {
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
