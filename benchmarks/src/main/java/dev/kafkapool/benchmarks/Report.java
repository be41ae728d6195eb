package dev.kafkapool.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends markdown to {@code results.md} of the output directory, and echoes it. */
public final class Report {

    private final Path directory;

    private final Path file;

    public Report(Path directory) {
        this.directory = directory;
        this.file = directory.resolve("results.md");
        try {
            Files.createDirectories(directory);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public Path directory() {
        return this.directory;
    }

    public void line(String text) {
        System.out.println(text);
        try {
            Files.writeString(this.file, text + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
