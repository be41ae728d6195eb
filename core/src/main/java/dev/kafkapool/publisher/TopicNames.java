package dev.kafkapool.publisher;

/** Kafka's rule for topic names, checked without a regular expression. */
public final class TopicNames {

    /** Longest legal name. */
    public static final int MAX_LENGTH = 249;

    /** The rule in words, for the messages that refuse a name. */
    public static final String RULE = "1 to 249 of a-z A-Z 0-9 . _ - (and not . or ..)";

    private TopicNames() {
    }

    /**
     * Whether {@code topic} is a legal Kafka topic name: 1 to 249 of {@code a-z A-Z 0-9 . _ -}, and
     * not {@code .} or {@code ..}. A loop rather than a regular expression: matching
     * {@code [a-zA-Z0-9._-]{1,249}} was three quarters of admission's CPU time (BENCHMARKS.md,
     * "Delivery").
     */
    public static boolean isLegal(String topic) {
        int length = topic.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = topic.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            if (!legal) {
                return false;
            }
        }
        return !".".equals(topic) && !"..".equals(topic);
    }

}
