package dev.kafkapool.testsupport.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * Waits until a child process answers an HTTP GET with 200, such as a Spring Boot application's
 * {@code /actuator/health/readiness}. Connections are cheap and short ({@link HttpURLConnection},
 * 200 ms to connect), so polling often measures the moment of readiness closely.
 */
public final class HttpReadiness {

    private static final int CONNECT_TIMEOUT_MILLIS = 200;

    private static final int READ_TIMEOUT_MILLIS = 2000;

    private HttpReadiness() {
    }

    /**
     * Polls {@code url} every {@code interval} until it answers 200.
     * @return the time from the process's launch to that answer
     * @throws IllegalStateException when the process exits first, or {@code timeout} after its
     * launch passes (the process is killed then); the message holds what it printed
     */
    public static Duration await(ChildProcess process, URI url, Duration timeout, Duration interval) {
        while (process.uptime().compareTo(timeout) < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Process " + process.pid() + " exited with " + process.exitCode()
                        + " before " + url + " answered 200:\n" + process.output());
            }
            if (answersOk(url)) {
                return process.uptime();
            }
            sleep(interval);
        }
        process.close();
        throw new IllegalStateException(url + " did not answer 200 within " + timeout + " of the launch of process "
                + process.pid() + ":\n" + process.output());
    }

    /** Whether {@code url} answers a GET with 200 now. */
    public static boolean answersOk(URI url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(READ_TIMEOUT_MILLIS);
            try {
                int status = connection.getResponseCode();
                try (InputStream body = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
                    if (body != null) {
                        body.readAllBytes();
                    }
                }
                return status == 200;
            }
            finally {
                connection.disconnect();
            }
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
