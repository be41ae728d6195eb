package dev.kafkapool.autoconfigure.publisher;

import java.util.Collection;

/**
 * The setting a misspelled name most likely meant: one at most two edits away (a letter left out,
 * added, changed, or two swapped: {@code KAFKA_BROKER}, {@code linger.ms} written {@code lingerms}),
 * or one the name begins with ({@code KAFKA_TLS_CLIENT_CERTIFICATE}). Names shorter than six
 * characters are too short to call anything a typo of.
 */
final class NearestName {

    private static final int MAX_EDITS = 2;

    private static final int MIN_LENGTH = 6;

    private NearestName() {
    }

    /** The known name {@code name} most likely meant, or {@code null}. */
    static String of(String name, Collection<String> known) {
        if (name.length() < MIN_LENGTH) {
            return null;
        }
        String best = null;
        int bestEdits = Integer.MAX_VALUE;
        for (String candidate : known) {
            int edits = edits(name, candidate);
            boolean near = edits <= MAX_EDITS || (candidate.length() >= MIN_LENGTH && name.startsWith(candidate));
            if (near && (edits < bestEdits || (edits == bestEdits && candidate.compareTo(best) < 0))) {
                best = candidate;
                bestEdits = edits;
            }
        }
        return best;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

}
