package dev.kafkapool.autoconfigure;

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
        StringBuilder description = new StringBuilder("kafka-pool could not start: ").append(problem).append(".\n");
        if (setting != null) {
            description.append("\nSetting: ").append(setting).append('\n');
            if (origin != null) {
                description.append("Origin: ").append(origin).append('\n');
            }
        }
        if (connection != null && !connection.isEmpty()) {
            description.append("\nConnection settings:\n");
            connection.lines().forEach((line) -> description.append("    ").append(line).append('\n'));
        }
        return description.toString();
    }

}
