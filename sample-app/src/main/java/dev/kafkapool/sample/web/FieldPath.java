package dev.kafkapool.sample.web;

/**
 * Where in a request body a problem is, as the API's problems name fields ({@code records[0].headers.trace}),
 * written so that a problem never echoes what a client may not want echoed: a path into a record's {@code value}
 * ends there (the names inside are the payload's, and a sensitive value's too), and a name longer than
 * {@value #LONGEST_NAME} characters is cut (a client's megabyte name came back whole). Built from the root.
 */
public final class FieldPath {

    /** The longest name shown whole. */
    public static final int LONGEST_NAME = 64;

    /** A record's field whose insides are the client's payload, not the API's. */
    private static final String VALUE = "value";

    private final StringBuilder text = new StringBuilder();

    /** Whether the path reached a record's value: what follows is not shown. */
    private boolean inValue;

    /** The next segment: a property's name. */
    public FieldPath name(String name) {
        if (this.inValue) {
            return this;
        }
        if (!this.text.isEmpty()) {
            this.text.append('.');
        }
        this.text.append((name.length() > LONGEST_NAME)
                ? name.substring(0, LONGEST_NAME) + "... (" + name.length() + " characters)" : name);
        // a record's value, not a field of the body's root named so
        this.inValue = name.equals(VALUE) && this.text.length() > VALUE.length();
        return this;
    }

    /** The next segment: an array's index. */
    public FieldPath index(int index) {
        if (!this.inValue) {
            this.text.append('[').append(index).append(']');
        }
        return this;
    }

    /** {@code records[0].key}; {@code ""} at the root. */
    @Override
    public String toString() {
        return this.text.toString();
    }

}
