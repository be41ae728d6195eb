package dev.kafkapool.testsupport.broker;

/**
 * What arrived in a topic compared with the keys a test expected, counted by record key: the
 * numbers delivery guarantees are stated in.
 *
 * @param total records read
 * @param unique distinct keys read
 * @param duplicated keys read more than once
 * @param unexpected keys read that were not expected
 * @param missing expected keys never read
 */
public record KeyComparison(int total, int unique, int duplicated, int unexpected, int missing) {

    /** Whether every expected key arrived once and nothing else arrived. */
    public boolean exactlyOnce() {
        return this.duplicated == 0 && this.unexpected == 0 && this.missing == 0;
    }

}
