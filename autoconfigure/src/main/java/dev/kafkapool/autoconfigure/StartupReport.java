package dev.kafkapool.autoconfigure;

import java.util.List;

/**
 * The one layout of kafka-pool's startup failure reports, whichever analyzer writes them: the
 * problem, the setting as its environment variable (and where its value came from, when known),
 * then the connection settings, indented.
 */
final class StartupReport {

    private StartupReport() {
    }

    /**
     * @param problem what is wrong, without a final full stop
     * @param setting the environment variable at fault, or {@code null}
     * @param origin where its value came from, or {@code null}
     * @param connection the connection settings, one per line, or {@code null}
     */
    static String describe(String problem, String setting, Object origin, String connection) {
        return describe(problem, setting, origin, connection, List.of());
    }

    /**
     * @param alsoWrong other settings found wrong in the same check: each is listed with its
     * problem and fix after the first one's setting
     */
    static String describe(String problem, String setting, Object origin, String connection,
            List<KafkaPoolStartupException> alsoWrong) {
        StringBuilder description = new StringBuilder("kafka-pool could not start: ").append(problem).append(".\n");
        if (setting != null) {
            description.append("\nSetting: ").append(setting).append('\n');
            if (origin != null) {
                description.append("Origin: ").append(origin).append('\n');
            }
        }
        if (!alsoWrong.isEmpty()) {
            description.append("\nAlso wrong (").append(alsoWrong.size()).append("):\n");
            for (KafkaPoolStartupException other : alsoWrong) {
                description.append("    ").append((other.setting() != null) ? other.setting() + ": " : "")
                    .append(other.problem()).append(".\n        Fix: ").append(other.action()).append(".\n");
            }
        }
        if (connection != null && !connection.isEmpty()) {
            description.append("\nConnection settings:\n");
            connection.lines().forEach((line) -> description.append("    ").append(line).append('\n'));
        }
        return description.toString();
    }

}
