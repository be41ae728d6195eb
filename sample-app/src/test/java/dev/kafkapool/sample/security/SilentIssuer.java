package dev.kafkapool.sample.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An issuer that takes connections and never answers (a hung identity provider, or one behind a
 * network that drops its packets): what a fetch without a read timeout waits on for good.
 */
final class SilentIssuer {

    private static final ServerSocket SERVER = open();

    /** Held open, never read or written. */
    private static final List<Socket> HELD = new CopyOnWriteArrayList<>();

    private SilentIssuer() {
    }

    static String url() {
        return "http://127.0.0.1:" + SERVER.getLocalPort();
    }

    private static ServerSocket open() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        HELD.add(server.accept());
                    }
                    catch (IOException ex) {
                        return;
                    }
                }
            }, "silent-issuer");
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
