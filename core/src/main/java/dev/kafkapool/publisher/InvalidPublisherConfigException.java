package dev.kafkapool.publisher;

/**
 * A {@link PublisherConfig} setting out of its range. Names the setting by its builder property
 * ({@link #setting()}, such as {@code workers}) so that a caller with other names for its settings
 * (environment variables) can say which one to fix.
 */
public final class InvalidPublisherConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    private final String problem;

    InvalidPublisherConfigException(String setting, String displayName, String problem) {
        super(displayName + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** The builder property, e.g. {@code workers} or {@code producerProperties}. */
    public String setting() {
        return this.setting;
    }

    /** What is wrong, without the setting's name: {@code must be between 1 and 256, was 0}. */
    public String problem() {
        return this.problem;
    }

}
