package io.behavioralbiometrics.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the identity API, for tests and the benchmark. */
public final class IdentityClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String baseUrl;

    public IdentityClient(int port) {
        this(port, null);
    }

    /** A client whose connections come from {@code localAddress} (e.g. {@code 127.0.0.2}, another loopback address). */
    public IdentityClient(int port, @Nullable InetAddress localAddress) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (localAddress != null) {
            builder.localAddress(localAddress);
        }
        this.http = builder.build();
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public record Response(int status, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String body() {
            return raw.body();
        }

        public String text(String field) {
            JsonNode value = json().get(field);
            if (value == null || value.isNull()) {
                throw new AssertionError("no " + field + " in " + raw.body());
            }
            return value.asString();
        }

        public @Nullable String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response register(String email, String password) {
        return post("/api/auth/register", Map.of("email", email, "password", password), null);
    }

    public Response login(String email, String password) {
        return post("/api/auth/login", Map.of("email", email, "password", password), null);
    }

    /** Tokens of the test administrator ({@link AdminAccountSeed}). */
    public Response admin() {
        return login(IdentityIntegrationTest.ADMIN_EMAIL, IdentityIntegrationTest.ADMIN_PASSWORD);
    }

    public Response refresh(String refreshToken) {
        return post("/api/auth/refresh", Map.of("refreshToken", refreshToken), null);
    }

    public Response revoke(String refreshToken) {
        return post("/api/auth/revoke", Map.of("refreshToken", refreshToken), null);
    }

    public Response post(String path, Object body, @Nullable String bearer) {
        return postRaw(path, JSON.writeValueAsString(body), bearer);
    }

    public Response postRaw(String path, String json, @Nullable String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).GET().build());
    }

    public Response get(String path, String bearer) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + bearer).GET().build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The decoded (unverified) header or payload of a JWT: index 0 or 1. */
    public static JsonNode jwtPart(String jwt, int index) {
        String part = jwt.split("\\.")[index];
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.test";
    }
}
