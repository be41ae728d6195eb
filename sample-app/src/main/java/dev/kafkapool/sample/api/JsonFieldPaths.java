package dev.kafkapool.sample.api;

import java.util.ArrayDeque;
import java.util.Deque;

import tools.jackson.core.TokenStreamContext;

import dev.kafkapool.sample.web.FieldPath;

/** Where a parser is in a request body, written as the API's problems name fields: {@code records[0].headers}. */
final class JsonFieldPaths {

    private JsonFieldPaths() {
    }

    /**
     * The path of the field {@code context} is at (an object's current name, an array's current
     * index) from the body's root, as {@link FieldPath} shows it; {@code ""} at the root.
     */
    static String of(TokenStreamContext context) {
        Deque<TokenStreamContext> fromRoot = new ArrayDeque<>();
        for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            fromRoot.push(at);
        }
        FieldPath path = new FieldPath();
        for (TokenStreamContext at : fromRoot) {
            if (at.inArray()) {
                path.index(at.getCurrentIndex());
            }
            else if (at.currentName() != null) {
                path.name(at.currentName());
            }
        }
        return path.toString();
    }

}
