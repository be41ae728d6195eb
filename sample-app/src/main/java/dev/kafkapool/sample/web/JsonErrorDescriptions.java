package dev.kafkapool.sample.web;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Describes why a JSON body could not be read, in words a client can act on: where (a path such
 * as {@code records[0].key}) and what was expected. Never quotes the input: it may hold a
 * sensitive value.
 */
final class JsonErrorDescriptions {

    private JsonErrorDescriptions() {
    }

    /** One sentence about {@code failure}, or {@code null} when it is no JSON failure. */
    static String describe(Throwable failure) {
        if (failure instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + path(unknown) + "'";
        }
        if (failure instanceof MismatchedInputException mismatch) {
            String path = path(mismatch);
            String expected = expected(mismatch.getTargetType());
            String message = mismatch.getOriginalMessage();
            if (message != null && message.startsWith(TRAILING_TOKEN)) {
                return "The body holds more than one JSON value" + where(mismatch.getLocation())
                        + "; send one object";
            }
            if (path.isEmpty()) {
                return "The body must be " + ((expected != null) ? expected : "a JSON object");
            }
            return "Field '" + path + "' must be " + ((expected != null) ? expected : "of another JSON type");
        }
        if (failure instanceof InputCoercionException outOfRange) {
            // a well-formed number too large for the field's type: not a syntax error
            String path = path(outOfRange);
            return ((path.isEmpty()) ? "A number" : "Field '" + path + "'") + " must be "
                    + range(outOfRange.getTargetType());
        }
        if (failure instanceof StreamConstraintsException limit) {
            // Jackson's words name the limit and the sizes only, never the input
            // where: the field (a value's insides are not named, see FieldPath), else the position when Jackson gave one
            String path = path(limit);
            return "The body exceeds a limit of the JSON reader"
                    + (path.isEmpty() ? where(limit.getLocation()) : " within '" + path + "'") + ": "
                    + limit.getOriginalMessage();
        }
        if (failure instanceof StreamReadException parse) {
            String where = where(parse.getLocation());
            String message = parse.getOriginalMessage();
            if (message != null && message.startsWith(DUPLICATE_NAME)) {
                // the name itself is not quoted: it may be a header's, chosen by the client
                return "The body has a name twice in one object" + where + "; each name may appear once";
            }
            if (message != null && message.contains(SURROGATE) && message.contains(IN_A_NAME)) {
                // a header's name, say: the escape alone, without its pair, has no UTF-8 form
                return "A name in the body holds an unpaired UTF-16 surrogate (a \\uD800 to \\uDFFF escape without its "
                        + "pair)" + where + ", which has no UTF-8 form; nothing was queued";
            }
            return "The body is not valid JSON" + where;
        }
        if (failure instanceof JacksonException other) {
            String path = path(other);
            if (numberOutOfScale(other)) {
                // 1e2147483648: a decimal's scale is an int; the number itself is not quoted
                return ((path.isEmpty()) ? "A number" : "Field '" + path + "'") + " has an exponent the JSON reader "
                        + "cannot hold: a number's scale (its digits after the point, less its exponent) must fit in an "
                        + "int, from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            }
            return path.isEmpty() ? "The body could not be read as JSON" : "Field '" + path + "' could not be read";
        }
        return null;
    }

    /**
     * Whether {@code failure} comes from a number {@link java.math.BigDecimal} cannot hold (its scale overflows):
     * thrown by Jackson's number parsers or {@code java.math} itself, not by an application's constructor doing
     * arithmetic.
     */
    private static boolean numberOutOfScale(Throwable failure) {
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            StackTraceElement[] where = cause.getStackTrace();
            if ((cause instanceof NumberFormatException || cause instanceof ArithmeticException) && where.length > 0
                    && (where[0].getClassName().startsWith("tools.jackson.core.io.")
                            || where[0].getClassName().startsWith("java.math."))) {
                return true;
            }
        }
        return false;
    }

    /** The types that hold whole numbers only: a decimal given for one is refused as such. */
    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(Integer.class, Long.class, Short.class, Byte.class,
            java.math.BigInteger.class, int.class, long.class, short.class, byte.class);

    /** How Jackson begins the message of a value after the body's one (two objects in a row). */
    private static final String TRAILING_TOKEN = "Trailing token";

    /**
     * What Jackson's parser says of a property name with an escaped surrogate lacking its pair ("Broken surrogate pair
     * in property name", "Unexpected low surrogate in property name").
     */
    private static final String SURROGATE = "surrogate";

    private static final String IN_A_NAME = "in property name";

    /** How Jackson's parser begins the message of a name given twice in one object. */
    private static final String DUPLICATE_NAME = "Duplicate Object property";

    /** " (line 1, column 2)", or nothing when the position is unknown. */
    private static String where(TokenStreamLocation location) {
        return (location != null && location.getLineNr() > 0)
                ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
    }

    /** The whole numbers {@code type} holds, in words. */
    private static String range(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == Short.class || type == short.class) {
            return "a whole number from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        }
        if (type == Byte.class || type == byte.class) {
            return "a whole number from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
        }
        return "a number within the range of its type";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (WHOLE_NUMBERS.contains(type)) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "a JSON value";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return null;
    }

    /** {@code records[0].key}: see {@link FieldPath} for what it leaves out. */
    static String path(JacksonException failure) {
        FieldPath path = new FieldPath();
        for (JacksonException.Reference reference : failure.getPath()) {
            if (reference.getPropertyName() != null) {
                path.name(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.index(reference.getIndex());
            }
        }
        return path.toString();
    }

}
