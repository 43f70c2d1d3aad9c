package io.behavioralbiometrics.ingestor.ingest.connection;

import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.EventLimits;
import io.behavioralbiometrics.ingestor.ingest.erasure.DeletedUsers;
import io.behavioralbiometrics.ingestor.ingest.publish.BacklogGuard;
import io.behavioralbiometrics.ingestor.ingest.publish.EventStreamWriter;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/** Wires the ingest socket at {@value #PATH}, its container limits, and the Redis side. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class IngestConfiguration implements WebSocketConfigurer {

    static final String PATH = "/ws/ingest";
    /** The protocol version a client names in {@code Sec-WebSocket-Protocol}; echoed back when offered. */
    static final String PROTOCOL = "bb.v1";

    private final IngestProperties properties;
    private final IngestWebSocketHandler handler;
    private final TokenHandshakeInterceptor tokenInterceptor;

    IngestConfiguration(IngestProperties properties, EventCodec codec, EventStreamWriter writer,
            ConnectionRegistry registry, IngestMetrics metrics, JwtDecoder jwtDecoder,
            ExecutorService ingestWriters, ScheduledExecutorService ingestTimer, DeletedUsers deletedUsers,
            BacklogGuard backlog) {
        this.properties = properties;
        this.handler = new IngestWebSocketHandler(codec, writer, registry, metrics, properties, backlog,
                ingestWriters, ingestTimer, Clock.systemUTC());
        this.tokenInterceptor = new TokenHandshakeInterceptor(jwtDecoder, registry, properties, deletedUsers);
        long pingMillis = properties.pingInterval().toMillis();
        ingestTimer.scheduleWithFixedDelay(handler::pingAll, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        String[] origins = properties.allowedOrigins().toArray(String[]::new);
        DefaultHandshakeHandler handshakeHandler = new DefaultHandshakeHandler();
        // Only bb.v1 can be chosen, so a "bearer.<jwt>" entry is never echoed back.
        handshakeHandler.setSupportedProtocols(PROTOCOL);
        registry.addHandler(handler, PATH)
                .setHandshakeHandler(handshakeHandler)
                // Origin first (403), then the token (401) and the per-user limit (429).
                .addInterceptors(new OriginHandshakeInterceptor(properties.allowedOrigins()), tokenInterceptor)
                .setAllowedOrigins(origins);
    }

    @Bean
    static FilterRegistrationBean<TokenQueryFilter> tokenQueryFilter() {
        FilterRegistrationBean<TokenQueryFilter> registration = new FilterRegistrationBean<>(new TokenQueryFilter());
        registration.addUrlPatterns(PATH);
        // Before Spring Security and the DispatcherServlet, which may log the query string.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    static EventCodec eventCodec(IngestProperties properties) {
        EventLimits defaults = EventLimits.DEFAULT;
        return new EventCodec(new EventLimits(properties.maxEventsPerBatch(), defaults.maxCodeLength(),
                defaults.maxCoordinate()));
    }

    @Bean(destroyMethod = "close")
    static ExecutorService ingestWriters() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ingest-write-", 0).factory());
    }

    @Bean(destroyMethod = "shutdownNow")
    static ScheduledExecutorService ingestTimer() {
        // One platform thread only schedules; the work it triggers runs on virtual threads.
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ingest-timer").daemon().factory());
    }
}
