package dev.kafkapool.sample.api;

import java.util.ArrayDeque;
import java.util.Deque;

import tools.jackson.core.TokenStreamContext;

/** Where a parser is in a request body, written as the API's problems name fields: {@code records[0].headers}. */
final class JsonFieldPaths {

    private JsonFieldPaths() {
    }

    /**
     * The path of the field {@code context} is at (an object's current name, an array's current
     * index) from the body's root; {@code ""} at the root.
     */
    static String of(TokenStreamContext context) {
        Deque<String> segments = new ArrayDeque<>();
        for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                segments.push("[" + at.getCurrentIndex() + "]");
            }
            else if (at.currentName() != null) {
                segments.push((at.getParent() != null && at.getParent().inRoot()) ? at.currentName()
                        : "." + at.currentName());
            }
        }
        return String.join("", segments);
    }

}
