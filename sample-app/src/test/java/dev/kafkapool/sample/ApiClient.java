package dev.kafkapool.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain HTTP client of the running sample app, so that tests send exactly the bytes, headers
 * and URLs a real client would (broken JSON, wrong media types, encoded path tricks).
 */
public final class ApiClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final String base;

    private final int port;

    public ApiClient(int port) {
        this.base = "http://localhost:" + port;
        this.port = port;
    }

    /**
     * {@code method target} written on a socket as is, for what {@link HttpClient} refuses to send
     * (a query with a broken percent-encoding); {@code body} with {@code contentType}, or none.
     */
    public ApiResponse raw(String method, String target, String contentType, String body) {
        return rawWithHeaders(method, target, (contentType != null) ? Map.of("Content-Type", contentType) : Map.of(),
                body);
    }

    /**
     * {@code method target} written on a socket as is, with {@code headers} as they are (names and values in
     * ISO-8859-1, control characters included) and {@code body}, or none.
     */
    public ApiResponse rawWithHeaders(String method, String target, Map<String, String> requestHeaders, String body) {
        byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost:" + this.port
                + "\r\nConnection: close\r\n");
        requestHeaders.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        try (Socket socket = new Socket("localhost", this.port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            IOException writing = null;
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(content);
                out.flush();
            }
            catch (IOException ex) {
                // the server answered and closed before the request was all written (a request line over its limit:
                // "Broken pipe" once in a loaded run): its answer may still be there to read
                writing = ex;
            }
            InputStream in = socket.getInputStream();
            String answer;
            try {
                answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                if (writing != null) {
                    ex.addSuppressed(writing);
                }
                throw ex;
            }
            if (answer.isEmpty() && writing != null) {
                throw writing;
            }
            int end = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), (name) -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
            }
            String payload = answer.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", List.of("")).get(0))) {
                payload = dechunk(payload);
            }
            return new ApiResponse(Integer.parseInt(lines[0].split(" ")[1]), HttpHeaders.of(headers, (a, b) -> true),
                    payload);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    /** {@code POST path} with a JSON body. */
    public ApiResponse postJson(String path, String json) {
        return post(path, "application/json", json);
    }

    /** {@code POST path} with {@code body} as {@code contentType} ({@code null}: no Content-Type). */
    public ApiResponse post(String path, String contentType, String body) {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** {@code GET path}. */
    public ApiResponse get(String path) {
        return send(request(path).GET());
    }

    /** A request to {@code path} (taken as is, percent-encoding included), for further settings. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(60));
    }

    public ApiResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.headers(), response.body());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
