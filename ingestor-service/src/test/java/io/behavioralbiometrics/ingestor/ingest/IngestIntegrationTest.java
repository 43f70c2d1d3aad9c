package io.behavioralbiometrics.ingestor.ingest;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import io.behavioralbiometrics.testsupport.TestTokenIssuer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every ingest socket test: real Redis from test-support,
 * tokens from {@link TestTokenIssuer}, and small limits so the tests reach them quickly.
 * The service's debug logging of request URIs and WebSocket sessions is on, so the log
 * test can fail. The test frames carry fixed client times from November 2024, older than the
 * default {@code max-client-time-behind} (30 days), so this context accepts ten years back;
 * {@link ClientTimeSkewTests} shows both limits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bb.ingest.max-connections-per-user=5",
        "bb.ingest.events-per-second=200",
        "bb.ingest.event-burst=500",
        "bb.ingest.ping-interval=2s",
        "bb.ingest.idle-timeout=10s",
        "bb.ingest.max-client-time-behind=3650d",
        "logging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG",
        "logging.level.org.springframework.web.socket=DEBUG",
        // The test client runs in this JVM and logs the URL it connects to; it is not the service.
        "logging.level.org.springframework.web.socket.client=INFO"})
@Import(RealServersConfiguration.class)
public abstract class IngestIntegrationTest {

    @LocalServerPort
    protected int port;

    @Value("${local.management.port}")
    int managementPort;

    @Autowired
    protected StringRedisTemplate redis;

    @DynamicPropertySource
    static void tokenIssuer(DynamicPropertyRegistry registry) {
        registry.add("bb.security.jwt.jwk-set-uri", () -> TestTokenIssuer.shared().jwkSetUri().toString());
    }

    protected static TestTokenIssuer tokens() {
        return TestTokenIssuer.shared();
    }

    long streamLength() {
        Long size = redis.opsForStream().size(BusNames.EVENTS_STREAM);
        return size == null ? 0 : size;
    }

    /** The stream entries of one browser session, oldest first. */
    List<IngestedBatch> storedBatches(UUID sessionId) {
        List<MapRecord<String, Object, Object>> records = redis.opsForStream()
                .range(BusNames.EVENTS_STREAM, Range.unbounded());
        return records.stream()
                .map(record -> toStrings(record.getValue()))
                .filter(fields -> sessionId.toString().equals(fields.get(IngestedBatch.SESSION_ID)))
                .map(fields -> IngestedBatch.fromFields(fields, Frames.CODEC))
                .toList();
    }

    private static Map<String, String> toStrings(Map<Object, Object> fields) {
        return fields.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString()));
    }
}
