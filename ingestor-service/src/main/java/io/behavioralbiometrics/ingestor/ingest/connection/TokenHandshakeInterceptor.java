package io.behavioralbiometrics.ingestor.ingest.connection;

import io.behavioralbiometrics.ingestor.ingest.erasure.DeletedUsers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Authenticates the handshake before the upgrade: the access token comes as
 * {@code ?token=} (moved aside by {@link TokenQueryFilter}) or as a
 * {@code Sec-WebSocket-Protocol} entry {@code bearer.<jwt>} beside {@code bb.v1}. No or a
 * bad token answers 401 and no socket is opened; a user at the connection limit gets 429.
 * The token's {@code sub} becomes the socket's user: nothing in a payload can change it.
 */
final class TokenHandshakeInterceptor implements HandshakeInterceptor {

    static final String USER_ID = "bb.userId";
    static final String TOKEN_EXPIRES_AT = "bb.tokenExpiresAt";
    static final String BEARER_PROTOCOL_PREFIX = "bearer.";

    private static final Logger log = LoggerFactory.getLogger(TokenHandshakeInterceptor.class);

    private final JwtDecoder jwtDecoder;
    private final ConnectionRegistry registry;
    private final IngestProperties properties;
    private final DeletedUsers deletedUsers;

    TokenHandshakeInterceptor(JwtDecoder jwtDecoder, ConnectionRegistry registry, IngestProperties properties,
            DeletedUsers deletedUsers) {
        this.jwtDecoder = jwtDecoder;
        this.registry = registry;
        this.properties = properties;
        this.deletedUsers = deletedUsers;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        String token = token(request);
        if (token == null) {
            return refuse(response, HttpStatus.UNAUTHORIZED, "missing token");
        }
        Jwt jwt;
        try {
            jwt = jwtDecoder.decode(token);
        } catch (BadJwtException e) {
            // The reason names the failed check (expired, audience, signature), never the token.
            log.debug("Refused ingest handshake: {}", e.getMessage());
            return refuse(response, HttpStatus.UNAUTHORIZED, "invalid token");
        } catch (JwtException e) {
            // The token could not be checked at all (e.g. the JWKS is unreachable): not the client's fault.
            log.warn("Cannot verify ingest token: {}", e.getMessage());
            return refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "token verification unavailable");
        }
        UUID userId = UUID.fromString(jwt.getSubject());
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return refuse(response, HttpStatus.UNAUTHORIZED, "token without expiry");
        }
        try {
            if (deletedUsers.isDeleted(userId)) {
                log.info("Refused ingest handshake of erased user {}", userId);
                return refuse(response, HttpStatus.UNAUTHORIZED, "account deleted");
            }
        } catch (DataAccessException e) {
            // Without Redis no batch could be accepted anyway.
            log.warn("Cannot check whether user {} was erased: {}", userId, e.toString());
            return refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "bus unavailable");
        }
        if (registry.countOf(userId) >= properties.maxConnectionsPerUser()) {
            log.info("Refused ingest handshake of user {}: {} sockets already open", userId,
                    properties.maxConnectionsPerUser());
            return refuse(response, HttpStatus.TOO_MANY_REQUESTS, "too many connections");
        }
        attributes.put(USER_ID, userId);
        attributes.put(TOKEN_EXPIRES_AT, expiresAt);
        return true;
    }

    private static @Nullable String token(ServerHttpRequest request) {
        if (request instanceof ServletServerHttpRequest servlet
                && servlet.getServletRequest().getAttribute(TokenQueryFilter.TOKEN_ATTRIBUTE) instanceof String token) {
            return token;
        }
        List<String> protocols = request.getHeaders().get(WebSocketHttpHeaders.SEC_WEBSOCKET_PROTOCOL);
        if (protocols != null) {
            for (String header : protocols) {
                for (String protocol : header.split(",")) {
                    String trimmed = protocol.trim();
                    if (trimmed.startsWith(BEARER_PROTOCOL_PREFIX) && trimmed.length() > BEARER_PROTOCOL_PREFIX.length()) {
                        return trimmed.substring(BEARER_PROTOCOL_PREFIX.length());
                    }
                }
            }
        }
        return null;
    }

    private static boolean refuse(ServerHttpResponse response, HttpStatus status, String reason) {
        response.setStatusCode(status);
        if (status == HttpStatus.UNAUTHORIZED) {
            // RFC 6750: a request without a token gets the bare challenge, a bad token the error code.
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "missing token".equals(reason) ? "Bearer"
                    : "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"");
        }
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            @Nullable Exception exception) {
    }
}
