package io.behavioralbiometrics.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Serves the demo page and the built SDK (copied into this jar from {@code test-client/})
 * on the demo port, plus {@code /demo/config.js} telling the page where the services are.
 */
final class DemoServer implements AutoCloseable {

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json",
            "map", "application/json",
            "ts", "text/plain; charset=utf-8",
            "png", "image/png",
            "ico", "image/x-icon");

    private final HttpServer server;

    private DemoServer(HttpServer server) {
        this.server = server;
    }

    static DemoServer start(StackOptions options) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", options.demoPort()), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            String config = "window.BB_CONFIG = " + """
                    {"identityUrl":"%s","ingestUrl":"%s","riskUrl":"%s"};
                    """.formatted(options.identityUrl(), options.ingestUrl(), options.riskUrl());
            server.createContext("/demo/config.js", exchange -> send(exchange, 200, "js",
                    config.getBytes(StandardCharsets.UTF_8)));
            server.createContext("/", DemoServer::serveStatic);
            server.start();
            return new DemoServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the demo page on port " + options.demoPort(), e);
        }
    }

    private static void serveStatic(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "txt", "method not allowed".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (path.equals("/") || path.equals("/index.html") || path.equals("/demo") || path.equals("/demo/")) {
            path = "/demo/index.html";
        }
        if (path.contains("..") || path.contains("//")) {
            send(exchange, 400, "txt", "bad path".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream resource = DemoServer.class.getResourceAsStream("/static" + path)) {
            if (resource == null) {
                send(exchange, 404, "txt", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String extension = path.substring(path.lastIndexOf('.') + 1);
            send(exchange, 200, extension, resource.readAllBytes());
        }
    }

    private static void send(HttpExchange exchange, int status, String extension, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPES.getOrDefault(extension, "text/plain; charset=utf-8"));
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
