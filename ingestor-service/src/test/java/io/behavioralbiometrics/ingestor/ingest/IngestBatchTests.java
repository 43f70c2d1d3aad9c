package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.core.event.EventType;
import io.behavioralbiometrics.core.event.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;

class IngestBatchTests extends IngestIntegrationTest {

    @Test
    void batchWithQueryTokenShouldBeAckedAndStoredAsSentWithTheTokensUser() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        EventBatch batch = Frames.batch(session, 17, 12);
        Instant before = Instant.now();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(user))) {
            ServerFrame reply = client.request(Frames.json(batch), 17);

            assertThat(reply).isEqualTo(new ServerFrame.Ack(17));
        }
        List<IngestedBatch> stored = storedBatches(session);
        assertThat(stored).hasSize(1);
        IngestedBatch entry = stored.getFirst();
        assertThat(entry.userId()).isEqualTo(user);
        assertThat(entry.sessionId()).isEqualTo(session);
        assertThat(entry.seq()).isEqualTo(17);
        assertThat(entry.events()).isEqualTo(batch.events());
        assertThat(entry.receivedAt()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
    }

    @Test
    void batchOverBearerSubprotocolShouldBeAckedAndTheServerShouldChooseBbV1() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        EventBatch batch = Frames.batch(session, 0, 3);
        try (IngestClient client = IngestClient.connectWithSubprotocol(port, tokens().accessToken(user))) {
            assertThat(client.acceptedProtocol()).isEqualTo("bb.v1");

            assertThat(client.request(Frames.json(batch), 0)).isEqualTo(new ServerFrame.Ack(0));
        }
        assertThat(storedBatches(session)).singleElement().satisfies(entry -> {
            assertThat(entry.userId()).isEqualTo(user);
            assertThat(entry.events()).isEqualTo(batch.events());
        });
    }

    @Test
    void batchClaimingAnotherUserIdShouldBeStoredUnderTheTokensUser() {
        UUID user = UUID.randomUUID();
        UUID victim = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        String json = Frames.json(Frames.batch(session, 5, 2));
        String forged = "{\"userId\":\"" + victim + "\",\"user_id\":\"" + victim + "\"," + json.substring(1);
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(user))) {
            assertThat(client.request(forged, 5)).isEqualTo(new ServerFrame.Ack(5));
        }
        assertThat(storedBatches(session)).singleElement()
                .satisfies(entry -> assertThat(entry.userId()).isEqualTo(user));
    }

    @Test
    void legacySingleEventFrameShouldBeAckedWithAConnectionSeqAndStored() {
        UUID user = UUID.randomUUID();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(user))) {
            ServerFrame first = client.request("{\"event_type\":\"mousemove\",\"x\":1,\"y\":2,\"timestamp\":1732449000.5}", 0);
            ServerFrame second = client.request("{\"event_type\":\"mousemove\",\"x\":3,\"y\":4,\"timestamp\":1732449001123}", 1);

            assertThat(first).isEqualTo(new ServerFrame.Ack(0));
            assertThat(second).isEqualTo(new ServerFrame.Ack(1));
        }
        List<IngestedBatch> stored = redisBatchesOfUser(user);
        assertThat(stored).hasSize(2);
        assertThat(stored).extracting(IngestedBatch::sessionId).containsOnly(stored.getFirst().sessionId());
        assertThat(stored).extracting(IngestedBatch::seq).containsExactly(0L, 1L);
        assertThat(stored.get(0).events()).containsExactly(BehavioralEvent.mouseMove(1732449000500d, 1, 2));
        assertThat(stored.get(1).events()).containsExactly(BehavioralEvent.mouseMove(1732449001123d, 3, 4));
    }

    @Test
    void malformedFramesShouldGetTheirErrorCodeNamingTheFieldAndStoreNothing() {
        UUID session = UUID.randomUUID();
        String event = "{\"type\":\"mousemove\",\"t\":1732449000123.4,\"x\":1,\"y\":2}";
        String batchPrefix = "{\"type\":\"batch\",\"sessionId\":\"" + session + "\",\"seq\":7,\"events\":";
        Map<String, Malformed> cases = new LinkedHashMap<>();
        cases.put("invalid JSON", new Malformed("{\"type\":\"batch\",", "invalid_json", "frame"));
        cases.put("not an object", new Malformed("[1,2,3]", "invalid_frame", "frame"));
        cases.put("missing type", new Malformed("{\"seq\":1}", "invalid_frame", "type"));
        cases.put("unknown type", new Malformed("{\"type\":\"hello\",\"seq\":1}", "invalid_frame", "type"));
        cases.put("missing seq", new Malformed(
                "{\"type\":\"batch\",\"sessionId\":\"" + session + "\",\"events\":[" + event + "]}", "invalid_frame", "seq"));
        cases.put("negative seq", new Malformed(
                "{\"type\":\"batch\",\"sessionId\":\"" + session + "\",\"seq\":-1,\"events\":[" + event + "]}",
                "invalid_frame", "seq"));
        cases.put("non-integer seq", new Malformed(
                "{\"type\":\"batch\",\"sessionId\":\"" + session + "\",\"seq\":1.5,\"events\":[" + event + "]}",
                "invalid_frame", "seq"));
        cases.put("string seq", new Malformed(
                "{\"type\":\"batch\",\"sessionId\":\"" + session + "\",\"seq\":\"7\",\"events\":[" + event + "]}",
                "invalid_frame", "seq"));
        cases.put("non-UUID sessionId", new Malformed(
                "{\"type\":\"batch\",\"sessionId\":\"abc\",\"seq\":7,\"events\":[" + event + "]}", "invalid_frame",
                "sessionId"));
        cases.put("events not an array", new Malformed(batchPrefix + event + "}", "invalid_frame", "events"));
        cases.put("empty events", new Malformed(batchPrefix + "[]}", "invalid_frame", "events"));
        cases.put("too many events", new Malformed(Frames.json(Frames.batch(session, 7, 501)), "too_many_events",
                "events"));
        cases.put("event not an object", new Malformed(batchPrefix + "[" + event + ",42]}", "invalid_frame",
                "events[1]"));
        cases.put("event missing t", new Malformed(batchPrefix + "[{\"type\":\"mousemove\",\"x\":1,\"y\":2}]}",
                "invalid_frame", "events[0].t"));
        cases.put("string x", new Malformed(
                batchPrefix + "[{\"type\":\"mousemove\",\"t\":1732449000123.4,\"x\":\"NaN\",\"y\":2}]}",
                "invalid_frame", "events[0].x"));
        cases.put("infinite x", new Malformed(
                batchPrefix + "[{\"type\":\"mousemove\",\"t\":1732449000123.4,\"x\":1e999,\"y\":2}]}",
                "invalid_frame", "events[0].x"));
        cases.put("coordinate out of range", new Malformed(
                batchPrefix + "[" + event + ",{\"type\":\"mousemove\",\"t\":1732449000123.4,\"x\":1,\"y\":1e9}]}",
                "invalid_frame", "events[1].y"));
        cases.put("unknown event type", new Malformed(
                batchPrefix + "[{\"type\":\"touch\",\"t\":1732449000123.4,\"x\":1,\"y\":2}]}", "invalid_frame",
                "events[0].type"));
        cases.put("button out of range", new Malformed(
                batchPrefix + "[{\"type\":\"mousedown\",\"t\":1732449000123.4,\"x\":1,\"y\":2,\"button\":9}]}",
                "invalid_frame", "events[0].button"));
        cases.put("key code with spaces", new Malformed(
                batchPrefix + "[{\"type\":\"keydown\",\"t\":1732449000123.4,\"code\":\"Key A\"}]}", "invalid_frame",
                "events[0].code"));
        cases.put("duplicate keys", new Malformed(
                "{\"type\":\"batch\",\"seq\":7,\"seq\":8,\"sessionId\":\"" + session + "\",\"events\":[" + event + "]}",
                "invalid_json", "seq"));
        cases.put("deep nesting", new Malformed(batchPrefix + "[" + event + "],\"extra\":" + "[".repeat(20)
                + "]".repeat(20) + "}", "invalid_json", "frame"));

        long lengthBefore = streamLength();
        List<String> failures = new ArrayList<>();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            for (Map.Entry<String, Malformed> entry : cases.entrySet()) {
                Malformed malformed = entry.getValue();
                int before = client.frames().size();
                client.send(malformed.frame());
                ServerFrame reply = client.awaitFrame(ServerFrame.class, frame -> true, before);
                if (!(reply instanceof ServerFrame.Error error) || !error.code().equals(malformed.code())
                        || !error.message().contains(malformed.field())) {
                    failures.add(entry.getKey() + " -> " + reply);
                }
            }
            assertThat(failures).as("frames answered with the wrong error").isEmpty();
            assertThat(streamLength()).isEqualTo(lengthBefore);

            // The socket still works, and the only thing stored is this valid batch.
            assertThat(client.request(Frames.json(Frames.batch(session, 8, 1)), 8)).isEqualTo(new ServerFrame.Ack(8));
        }
        assertThat(streamLength()).isEqualTo(lengthBefore + 1);
        assertThat(storedBatches(session)).extracting(IngestedBatch::seq).containsExactly(8L);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void errorFrameShouldNameTheSeqOfARejectedBatch() {
        UUID session = UUID.randomUUID();
        String frame = "{\"type\":\"batch\",\"sessionId\":\"" + session
                + "\",\"seq\":41,\"events\":[{\"type\":\"keydown\",\"t\":1,\"code\":\"Key A\"}]}";
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            ServerFrame reply = client.request(frame, 41);

            assertThat(reply).isInstanceOfSatisfying(ServerFrame.Error.class, error -> {
                assertThat(error.code()).isEqualTo("invalid_frame");
                assertThat(error.message()).startsWith("events[0].code:");
            });
        }
    }

    @Test
    void oversizedFrameShouldCloseTheSocketWith1009() {
        String huge = "{\"type\":\"batch\",\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
        long lengthBefore = streamLength();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            try {
                client.send(huge);
            } catch (IllegalStateException | java.io.UncheckedIOException e) {
                // The server may close the socket before the client has finished writing the frame.
            }

            assertThat(client.awaitClose().getCode()).isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
        }
        assertThat(streamLength()).isEqualTo(lengthBefore);
    }

    @Test
    void binaryFrameShouldCloseTheSocketWith1003() {
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            client.sendBinary(new byte[] {1, 2, 3});

            assertThat(client.awaitClose().getCode()).isEqualTo(CloseStatus.NOT_ACCEPTABLE.getCode());
        }
    }

    @Test
    void batchesOverTheRateLimitShouldBeRejectedUnstoredAndAcceptedOnceAfterSlowingDown() {
        UUID session = UUID.randomUUID();
        int batches = 20;
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            // 20 x 100 events at once against a 500-event burst and 200 events/s.
            for (int seq = 0; seq < batches; seq++) {
                client.send(Frames.json(Frames.batch(session, seq, 100)));
            }
            await().atMost(IngestClient.TIMEOUT).until(() -> client.frames().size() >= batches);
            List<Long> limited = client.frames(ServerFrame.Error.class).stream()
                    .filter(error -> error.code().equals("rate_limited")).map(ServerFrame.Error::seq).toList();
            List<Long> acked = client.frames(ServerFrame.Ack.class).stream().map(ServerFrame.Ack::seq).toList();
            assertThat(limited).isNotEmpty();
            assertThat(client.frames()).hasSize(batches);
            assertThat(acked.size() + limited.size()).isEqualTo(batches);
            assertThat(storedBatches(session)).extracting(IngestedBatch::seq)
                    .containsExactlyInAnyOrderElementsOf(acked);

            // The client keeps the rejected batches and re-sends them slower than the limit.
            for (long seq : limited) {
                ServerFrame reply;
                int attempts = 0;
                do {
                    sleep(Duration.ofMillis(600));
                    reply = client.request(Frames.json(Frames.batch(session, seq, 100)), seq);
                } while (++attempts < 50 && reply instanceof ServerFrame.Error error
                        && error.code().equals("rate_limited"));
                assertThat(reply).isEqualTo(new ServerFrame.Ack(seq));
            }
        }
        List<IngestedBatch> stored = storedBatches(session);
        assertThat(stored).extracting(IngestedBatch::seq).doesNotHaveDuplicates().hasSize(batches);
        assertThat(stored).allSatisfy(entry -> assertThat(entry.events()).hasSize(100));
    }

    private List<IngestedBatch> redisBatchesOfUser(UUID user) {
        return redis.opsForStream().range(io.behavioralbiometrics.core.bus.BusNames.EVENTS_STREAM,
                        org.springframework.data.domain.Range.unbounded()).stream()
                .map(record -> {
                    Map<String, String> fields = new LinkedHashMap<>();
                    record.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    return fields;
                })
                .filter(fields -> user.toString().equals(fields.get(IngestedBatch.USER_ID)))
                .map(fields -> IngestedBatch.fromFields(fields, Frames.CODEC))
                .toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Malformed(String frame, String code, String field) {
    }
}
