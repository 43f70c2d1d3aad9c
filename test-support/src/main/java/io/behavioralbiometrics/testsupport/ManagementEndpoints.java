package io.behavioralbiometrics.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checks that a service serves Actuator on its management port without a token and not on
 * its public port, where a user token must not open the metrics.
 */
public final class ManagementEndpoints {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ManagementEndpoints() {
    }

    /**
     * Fails unless readiness and the Prometheus scrape answer on {@code managementPort}
     * without a token and {@code /actuator/**} answers 401 or 404 without metrics on
     * {@code publicPort}; returns the scrape.
     */
    public static String assertServedOnTheManagementPortOnly(int publicPort, int managementPort) {
        check(managementPort != publicPort, "the management port is the public port " + publicPort);
        HttpResponse<String> readiness = get(managementPort, "/actuator/health/readiness");
        check(readiness.statusCode() == 200 && readiness.body().contains("\"status\":\"UP\""),
                "readiness on the management port: " + readiness.statusCode() + " " + readiness.body());
        HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus");
        check(scrape.statusCode() == 200 && scrape.body().contains("jvm_memory_used_bytes"),
                "prometheus on the management port: " + scrape.statusCode());
        for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator/info"}) {
            HttpResponse<String> onPublicPort = get(publicPort, path);
            check((onPublicPort.statusCode() == 401 || onPublicPort.statusCode() == 404)
                    && !onPublicPort.body().contains("jvm_memory_used_bytes"),
                    path + " on the public port answered " + onPublicPort.statusCode());
        }
        return scrape.body();
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }

    public static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
