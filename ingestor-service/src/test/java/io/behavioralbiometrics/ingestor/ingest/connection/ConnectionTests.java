package io.behavioralbiometrics.ingestor.ingest.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.WebSocketSession;

class ConnectionTests {

    @Test
    void writesBeyondMaxInFlightShouldBeRefusedUntilOneEnds() {
        Connection connection = new Connection(unusedSession(), UUID.randomUUID(), Instant.now(),
                new TokenBucket(10, 10, 0), 2, new LegacyCoalescer(UUID.randomUUID(), 10, 10), 0);

        assertThat(connection.tryStartWrite()).isTrue();
        assertThat(connection.tryStartWrite()).isTrue();
        assertThat(connection.tryStartWrite()).isFalse();
        connection.endWrite();
        assertThat(connection.tryStartWrite()).isTrue();
    }

    /** The session is not touched by these paths; a proxy that fails on any use proves it. */
    private static WebSocketSession unusedSession() {
        return (WebSocketSession) java.lang.reflect.Proxy.newProxyInstance(WebSocketSession.class.getClassLoader(),
                new Class<?>[] {WebSocketSession.class}, (proxy, method, args) -> {
                    throw new AssertionError("unexpected call " + method.getName());
                });
    }
}
