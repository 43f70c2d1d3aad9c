package io.behavioralbiometrics.ingestor.ingest.connection;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes the original's {@code ?token=} off the handshake request before anything else
 * sees it: the token moves into a request attribute for {@link TokenHandshakeInterceptor},
 * and every later reader of the query string (debug logging of request URIs, the
 * WebSocket session's URI) gets it without the token, so the token cannot reach a log.
 */
final class TokenQueryFilter extends OncePerRequestFilter {

    static final String TOKEN_ATTRIBUTE = TokenQueryFilter.class.getName() + ".token";
    private static final String TOKEN_PARAMETER = "token";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query == null || !query.contains(TOKEN_PARAMETER + "=")) {
            chain.doFilter(request, response);
            return;
        }
        String token = request.getParameter(TOKEN_PARAMETER);
        if (token != null && !token.isBlank()) {
            request.setAttribute(TOKEN_ATTRIBUTE, token);
        }
        chain.doFilter(new TokenlessRequest(request, withoutToken(query)), response);
    }

    static @Nullable String withoutToken(String query) {
        String rest = Arrays.stream(query.split("&"))
                .filter(pair -> !pair.equals(TOKEN_PARAMETER) && !pair.startsWith(TOKEN_PARAMETER + "="))
                .collect(Collectors.joining("&"));
        return rest.isEmpty() ? null : rest;
    }

    private static final class TokenlessRequest extends HttpServletRequestWrapper {

        private final @Nullable String query;

        TokenlessRequest(HttpServletRequest request, @Nullable String query) {
            super(request);
            this.query = query;
        }

        @Override
        public @Nullable String getQueryString() {
            return query;
        }
    }
}
