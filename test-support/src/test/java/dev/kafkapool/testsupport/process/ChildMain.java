package dev.kafkapool.testsupport.process;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * The main class of the child JVMs these tests start. First argument, what to do: {@code echo}
 * prints the system property {@code child.greeting}, the environment variable {@code CHILD_NAME}
 * and the other arguments, then exits with the code {@code CHILD_EXIT} names; {@code tick} prints
 * a line every 50 ms, and {@code bye} from a shutdown hook; {@code serve <port> <millis>} answers
 * HTTP 503 for that long after its start, then 200.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "echo" -> echo(args);
            case "tick" -> tick();
            case "serve" -> serve(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void echo(String[] args) {
        System.out.println("greeting=" + System.getProperty("child.greeting"));
        System.out.println("name=" + System.getenv("CHILD_NAME"));
        System.out.println("args=" + String.join(",", java.util.Arrays.asList(args).subList(1, args.length)));
        System.out.flush();
        String exit = System.getenv("CHILD_EXIT");
        System.exit((exit != null) ? Integer.parseInt(exit) : 0);
    }

    private static void tick() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("bye")));
        for (long tick = 0;; tick++) {
            System.out.println("tick " + tick);
            Thread.sleep(50);
        }
    }

    private static void serve(int port, long unreadyMillis) throws IOException {
        long readyAt = System.currentTimeMillis() + unreadyMillis;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/ready", (exchange) -> {
            boolean ready = System.currentTimeMillis() >= readyAt;
            byte[] body = (ready ? "UP" : "DOWN").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("serving on " + port);
    }

}
