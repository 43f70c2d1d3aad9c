package io.behavioralbiometrics.testsupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * How to reach a Redis server, and as whom: no user means the {@code default} user without
 * a password; a server with ACL users ({@link EmbeddedRedisServer.Users}) needs one.
 */
public record RedisEndpoint(String host, int port, @Nullable String username, @Nullable String password) {

    public RedisEndpoint(String host, int port) {
        this(host, port, null, null);
    }

    /** {@code redis://[user[:password]@]host[:port]}; a password alone is the {@code default} user's. */
    public static RedisEndpoint fromUrl(String url) {
        java.net.URI uri = java.net.URI.create(url);
        RedisEndpoint endpoint = new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
        String userInfo = uri.getUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return endpoint;
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? endpoint.as("default", userInfo)
                : endpoint.as(colon == 0 ? "default" : userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }

    public RedisEndpoint as(String user, String secret) {
        return new RedisEndpoint(host, port, user, secret);
    }

    /** A connection URL with the credentials in it, for clients; never print it. */
    public String url() {
        if (username == null) {
            return address();
        }
        return "redis://" + encode(username) + ":" + encode(password == null ? "" : password) + "@" + host + ":" + port;
    }

    /** The server's address without credentials, safe to show. */
    public String address() {
        return "redis://" + host + ":" + port;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return address() + (username == null ? "" : " as " + username);
    }
}
