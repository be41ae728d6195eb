package dev.kafkapool.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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

    public ApiClient(int port) {
        this.base = "http://localhost:" + port;
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
