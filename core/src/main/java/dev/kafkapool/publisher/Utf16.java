package dev.kafkapool.publisher;

/**
 * Whether text has a UTF-8 form: a Java string may hold a lone half of a surrogate pair, which
 * UTF-8 cannot write ({@link String#getBytes} writes {@code ?} for it). A header name like that
 * is refused by {@link KafkaMessage.Builder#header}; an application may check its own text with it.
 */
public final class Utf16 {

    private Utf16() {
    }

    /** Index of the first surrogate in {@code text} that is not one half of a pair, or -1 when there is none. */
    public static int unpairedSurrogate(CharSequence text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

}
