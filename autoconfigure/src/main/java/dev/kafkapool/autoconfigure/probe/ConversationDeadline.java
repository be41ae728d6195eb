package dev.kafkapool.autoconfigure.probe;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The whole-conversation limit of one probe socket. A socket's read timeout starts again with each byte, so a peer
 * that sends a byte every half second (a tarpit, a proxy or a service that is not Kafka) held a TLS handshake, and
 * with it the application's start, for ever. The socket is closed once its conversation outlives the limit, and the
 * failure that closing causes is read as a timeout.
 */
final class ConversationDeadline implements AutoCloseable {

    /** One thread for every probe, made when a deadline is armed and ended a second after the last has passed. */
    private static final ScheduledThreadPoolExecutor CLOSER = closer();

    private final Socket socket;

    private final long millis;

    private final ScheduledFuture<?> closing;

    private volatile boolean expired;

    private ConversationDeadline(Socket socket, long millis) {
        this.socket = socket;
        this.millis = millis;
        this.closing = CLOSER.schedule(this::expire, millis, TimeUnit.MILLISECONDS);
    }

    /** Closes {@code socket} in {@code millis} unless the deadline is closed first. */
    static ConversationDeadline arm(Socket socket, long millis) {
        return new ConversationDeadline(socket, Math.max(1, millis));
    }

    private void expire() {
        this.expired = true;
        try {
            this.socket.close();
        }
        catch (IOException ex) {
            // closed already
        }
    }

    /**
     * {@code failure} as it is to be read: a timeout when it came from this deadline's closing the socket (a
     * "Socket closed" or a broken handshake otherwise), else {@code failure} itself.
     */
    IOException explain(IOException failure) {
        if (!this.expired || failure instanceof SocketTimeoutException) {
            return failure;
        }
        SocketTimeoutException timeout = new SocketTimeoutException("the TLS handshake and the Kafka request did not "
                + "end within " + this.millis + " ms in all (a peer that sends too little to finish them, such as a "
                + "service that is not Kafka, or a broker or this client far too slow)");
        timeout.initCause(failure);
        return timeout;
    }

    boolean expired() {
        return this.expired;
    }

    /** Disarms the deadline (the socket stays as it is). */
    @Override
    public void close() {
        this.closing.cancel(false);
    }

    private static ScheduledThreadPoolExecutor closer() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
            Thread thread = new Thread(task, "kafka-pool-probe-deadline");
            thread.setDaemon(true);
            return thread;
        });
        executor.setKeepAliveTime(1, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

}
