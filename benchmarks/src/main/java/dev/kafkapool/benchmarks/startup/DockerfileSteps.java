package dev.kafkapool.benchmarks.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sample app's Dockerfile, read for the steps the startup part repeats outside Docker: the
 * jar's extraction, {@code ENV JAVA_TOOL_OPTIONS}, the AOT cache's training run (the test kit's
 * {@code AotTraining} with a broker of its own) and the {@code ENTRYPOINT}. Paths under the
 * image's {@code WORKDIR /app} and the kit's {@code /training} are mapped to local directories, so
 * the measured start is the image's own command, not a copy of it kept here.
 */
final class DockerfileSteps {

    /**
     * An absolute path under the image's {@code /app/}, or under {@code /training/}, where the
     * training stage copies the test kit's training kit ({@code COPY target/training/ /training/}):
     * at the start of an argument or after {@code =}.
     */
    private static final Pattern IMAGE_PATH = Pattern.compile("(?<=^|=)/(app|training)/");

    private static final Pattern TOOL_OPTIONS = Pattern.compile("^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"$");

    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Z_]+)=(.*)$");

    private final List<String> instructions;

    private DockerfileSteps(List<String> instructions) {
        this.instructions = instructions;
    }

    /** Reads {@code dockerfile}, joining lines continued with a backslash and dropping comments. */
    static DockerfileSteps read(Path dockerfile) {
        try {
            List<String> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(dockerfile)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                    continue;
                }
                boolean continued = trimmed.endsWith("\\");
                current.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
                if (!continued) {
                    instructions.add(current.toString().strip());
                    current.setLength(0);
                }
            }
            return new DockerfileSteps(instructions);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Options of the JVM from {@code ENV JAVA_TOOL_OPTIONS="..."}. */
    String javaToolOptions() {
        return this.instructions.stream()
            .map(TOOL_OPTIONS::matcher)
            .filter(Matcher::matches)
            .map((matcher) -> matcher.group(1))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No ENV JAVA_TOOL_OPTIONS=\"...\" in the Dockerfile"));
    }

    /** Arguments of the extraction's {@code java} (after {@code java}), from the RUN that names jarmode=tools. */
    List<String> extraction() {
        return command(run("-Djarmode=tools")).arguments();
    }

    /**
     * The training run: its environment and the arguments of its {@code java}, paths mapped into
     * {@code app} and the training kit's into {@code kit}.
     */
    Command training(Path app, Path kit) {
        Command command = command(run("-XX:AOTCacheOutput"));
        return new Command(command.environment(), mapped(command.arguments(), app, kit));
    }

    /** The arguments of the {@code ENTRYPOINT ["java", ...]}, paths mapped into {@code app}. */
    List<String> entrypoint(Path app) {
        String entrypoint = instruction("ENTRYPOINT ");
        List<String> words = Arrays.stream(entrypoint.substring(entrypoint.indexOf('[') + 1, entrypoint.lastIndexOf(']'))
            .split(","))
            .map(String::strip)
            .map((word) -> word.substring(1, word.length() - 1))
            .toList();
        return mapped(words.subList(1, words.size()), app, app);
    }

    /** A shell-form command: leading {@code NAME=value} words, then {@code java} and its arguments. */
    record Command(Map<String, String> environment, List<String> arguments) {
    }

    private String run(String marker) {
        return this.instructions.stream()
            .filter((instruction) -> instruction.startsWith("RUN ") && instruction.contains(marker))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No RUN with " + marker + " in the Dockerfile"))
            .substring("RUN ".length());
    }

    private String instruction(String keyword) {
        return this.instructions.stream()
            .filter((instruction) -> instruction.startsWith(keyword))
            .reduce((first, second) -> second)
            .orElseThrow(() -> new IllegalStateException("No " + keyword.strip() + " in the Dockerfile"));
    }

    private static Command command(String shellForm) {
        Map<String, String> environment = new LinkedHashMap<>();
        List<String> words = List.of(shellForm.strip().split("\\s+"));
        int index = 0;
        for (Matcher matcher; (matcher = ASSIGNMENT.matcher(words.get(index))).matches(); index++) {
            environment.put(matcher.group(1), matcher.group(2));
        }
        if (!words.get(index).equals("java")) {
            throw new IllegalStateException("Expected java after the variables in: RUN " + shellForm);
        }
        // the shell removes the quotes that keep it from expanding a class path wildcard
        return new Command(environment, words.subList(index + 1, words.size())
            .stream()
            .map((word) -> word.replaceAll("^'(.*)'$", "$1").replaceAll("^\"(.*)\"$", "$1"))
            .toList());
    }

    /** The arguments with the image's {@code /app/} paths mapped into {@code app}, {@code /training/} into {@code kit}. */
    private static List<String> mapped(List<String> arguments, Path app, Path kit) {
        return arguments.stream()
            .map((argument) -> IMAGE_PATH.matcher(argument)
                .replaceAll((match) -> Matcher.quoteReplacement(
                        (match.group(1).equals("app") ? app : kit).toAbsolutePath() + "/")))
            .toList();
    }

    /** Copies every layer directory under {@code extracted} into {@code app}, as the COPY steps do. */
    static void mergeLayers(Path extracted, Path app) {
        try (Stream<Path> layers = Files.list(extracted); Stream<Path> files = Files.walk(extracted)) {
            List<Path> layerDirectories = layers.filter(Files::isDirectory).toList();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path layer = layerDirectories.stream().filter(file::startsWith).findFirst().orElseThrow();
                Path target = app.resolve(layer.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
