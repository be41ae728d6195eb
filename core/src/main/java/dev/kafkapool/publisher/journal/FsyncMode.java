package dev.kafkapool.publisher.journal;

/** When the journal asks the operating system to put written records on the disk. */
public enum FsyncMode {

    /**
     * At most every fsync interval, in the background. A record is in the page cache when publish
     * returns: the death of the process never loses it; a power loss or kernel crash loses at most
     * the last interval.
     */
    INTERVAL,

    /**
     * Before publish returns: a record survives a power loss once it is accepted. Concurrent
     * callers share each fsync.
     */
    ALWAYS,

    /**
     * Never by the journal; the kernel writes back on its own (about every 30 s on Linux). The
     * death of the process never loses a record; a power loss may lose more than with
     * {@link #INTERVAL}.
     */
    NEVER

}
