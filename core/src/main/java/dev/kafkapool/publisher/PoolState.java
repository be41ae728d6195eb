package dev.kafkapool.publisher;

/** Where a pool is in its life; {@link PooledKafkaPublisher} moves it forward, lanes read it. */
enum PoolState {

    /** Created; publishing parks messages until start. */
    NEW("not started"),

    /** Workers deliver; publishing admits. */
    RUNNING("running"),

    /** Shutdown began: publishing is refused, workers deliver what is held until the deadline. */
    DRAINING("draining for shutdown"),

    /** Workers have stopped; what is left is reported undelivered. */
    STOPPED("stopped");

    private final String description;

    PoolState(String description) {
        this.description = description;
    }

    /** Whether publish calls are admitted. */
    boolean admits() {
        return this == NEW || this == RUNNING;
    }

    /** Whether workers keep sending. */
    boolean delivers() {
        return this == RUNNING || this == DRAINING;
    }

    String description() {
        return this.description;
    }

}
