package dev.kafkapool.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only {@code SettingNames} spells an environment variable: no string literal in the main code of
 * the core or the auto-configuration contains {@code KAFKA_}, so that a variable's name is written
 * once and a message cannot drift from it. Comments may name variables; code may not.
 */
class SettingNamesSpellingTests {

    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    @Test
    void noStringLiteralOfMainCodeButSettingNamesSpellsAVariable() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../core/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
                    if (file.getFileName().toString().equals("SettingNames.java")) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).strip();
                        if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
                            continue;
                        }
                        Matcher literal = STRING_LITERAL.matcher(line);
                        while (literal.find()) {
                            if (literal.group().contains("KAFKA_")) {
                                offenders.add(file.getFileName() + ":" + (i + 1) + " " + literal.group());
                            }
                        }
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

}
