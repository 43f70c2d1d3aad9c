package io.behavioralbiometrics.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTests {

    private static final String SESSION = "3f0c2a52-8a0e-4c4e-9a57-2f8b8f0f6d11";

    private final EventCodec codec = new EventCodec(new EventLimits(5, 32, 1_000_000));

    @Test
    void batchOfEveryEventTypeSurvivesARoundTrip() {
        List<BehavioralEvent> events = List.of(
                BehavioralEvent.mouseMove(1732449000123.4, 412, 230.5),
                BehavioralEvent.button(EventType.MOUSEDOWN, 1732449000301.0, 415, 233, 0),
                BehavioralEvent.button(EventType.MOUSEUP, 1732449000388.25, 415, 233, 0),
                BehavioralEvent.button(EventType.CLICK, 1732449000388.5, 415, 233, 2),
                BehavioralEvent.wheel(1732449000500.0, -120),
                BehavioralEvent.key(EventType.KEYDOWN, 1732449001002.7, "KeyA"),
                BehavioralEvent.key(EventType.KEYUP, 1732449001090.2, "*"));
        EventCodec roomy = new EventCodec();
        EventBatch batch = new EventBatch(UUID.fromString(SESSION), 17, events);

        ClientFrame decoded = roomy.decodeClientFrame(roomy.encodeBatch(batch));

        assertThat(decoded).isEqualTo(new ClientFrame.Batch(batch));
        assertThat(events).extracting(BehavioralEvent::type).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void documentedBatchFrameIsAccepted() {
        String frame = """
                {"type":"batch","sessionId":"%s","seq":17,
                 "events":[{"type":"mousemove","t":1732449000123.4,"x":412,"y":230},
                           {"type":"mousedown","t":1732449000301.0,"x":415,"y":233,"button":0},
                           {"type":"keydown","t":1732449001002.7,"code":"KeyA"},
                           {"type":"keyup","t":1732449001090.2,"code":"KeyA"}]}
                """.formatted(SESSION);

        EventBatch batch = ((ClientFrame.Batch) codec.decodeClientFrame(frame)).batch();

        assertThat(batch.seq()).isEqualTo(17);
        assertThat(batch.sessionId()).hasToString(SESSION);
        assertThat(batch.events()).hasSize(4);
        assertThat(batch.events().get(1)).isEqualTo(BehavioralEvent.button(EventType.MOUSEDOWN, 1732449000301.0, 415, 233, 0));
        assertThat(batch.events().get(2).code()).isEqualTo("KeyA");
    }

    @Test
    void originalSingleEventFrameIsAcceptedWithMillisecondsOrSeconds() {
        ClientFrame millis = codec.decodeClientFrame("{\"event_type\":\"mousemove\",\"x\":1,\"y\":2,\"timestamp\":1732449000123}");
        ClientFrame seconds = codec.decodeClientFrame("{\"event_type\":\"mousemove\",\"x\":1,\"y\":2,\"timestamp\":1732449000.123}");

        assertThat(millis).isEqualTo(new ClientFrame.LegacyEvent(BehavioralEvent.mouseMove(1732449000123.0, 1, 2)));
        assertThat(((ClientFrame.LegacyEvent) seconds).event().t()).isCloseTo(1732449000123.0, org.assertj.core.data.Offset.offset(0.01));
    }

    static Stream<Arguments> malformedFrames() {
        String ok = "{\"type\":\"mousemove\",\"t\":1.5,\"x\":1,\"y\":2}";
        return Stream.of(
                Arguments.of("not JSON", "{\"type\":", "invalid_json", "frame: is not valid JSON"),
                Arguments.of("array instead of object", "[1,2]", "invalid_frame", "frame: must be a JSON object"),
                Arguments.of("missing type", "{\"seq\":1}", "invalid_frame", "type: is required"),
                Arguments.of("unknown frame type", "{\"type\":\"hello\"}", "invalid_frame", "type: must be \"batch\""),
                Arguments.of("missing seq", batch(null, SESSION, "[" + ok + "]"), "invalid_frame", "seq: is required"),
                Arguments.of("negative seq", batch("-1", SESSION, "[" + ok + "]"), "invalid_frame", "seq: must be between 0"),
                Arguments.of("fractional seq", batch("1.5", SESSION, "[" + ok + "]"), "invalid_frame", "seq: must be an integer"),
                Arguments.of("seq as string", batch("\"7\"", SESSION, "[" + ok + "]"), "invalid_frame", "seq: must be an integer"),
                Arguments.of("non-UUID session", batch("1", "not-a-uuid", "[" + ok + "]"), "invalid_frame", "sessionId: must be a UUID"),
                Arguments.of("missing session", "{\"type\":\"batch\",\"seq\":1,\"events\":[" + ok + "]}", "invalid_frame", "sessionId: is required"),
                Arguments.of("events not an array", batch("1", SESSION, "{}"), "invalid_frame", "events: must be an array"),
                Arguments.of("empty events", batch("1", SESSION, "[]"), "invalid_frame", "events: must not be empty"),
                Arguments.of("oversized events array", batch("1", SESSION, "[" + String.join(",", List.of(ok, ok, ok, ok, ok, ok)) + "]"),
                        "too_many_events", "events: must hold at most 5 events, got 6"),
                Arguments.of("missing t", batch("1", SESSION, "[" + ok + ",{\"type\":\"mousemove\",\"x\":1,\"y\":2}]"),
                        "invalid_frame", "events[1].t: is required"),
                Arguments.of("x as string", batch("1", SESSION, "[{\"type\":\"mousemove\",\"t\":1,\"x\":\"1\",\"y\":2}]"),
                        "invalid_frame", "events[0].x: must be a finite number"),
                Arguments.of("NaN as string", batch("1", SESSION, "[{\"type\":\"mousemove\",\"t\":1,\"x\":\"NaN\",\"y\":2}]"),
                        "invalid_frame", "events[0].x: must be a finite number"),
                Arguments.of("Infinity via overflow", batch("1", SESSION, "[" + ok + "," + ok + "," + ok + ",{\"type\":\"mousemove\",\"t\":1,\"x\":1e999,\"y\":2}]"),
                        "invalid_frame", "events[3].x: must be a finite number"),
                Arguments.of("bare NaN token", batch("1", SESSION, "[{\"type\":\"mousemove\",\"t\":1,\"x\":NaN,\"y\":2}]"),
                        "invalid_json", "frame: is not valid JSON"),
                Arguments.of("unknown event type", batch("1", SESSION, "[{\"type\":\"touch\",\"t\":1}]"),
                        "invalid_frame", "events[0].type: unknown event type"),
                Arguments.of("button out of range", batch("1", SESSION, "[{\"type\":\"mousedown\",\"t\":1,\"x\":1,\"y\":2,\"button\":9}]"),
                        "invalid_frame", "events[0].button: must be an integer between 0 and 4"),
                Arguments.of("key code with text", batch("1", SESSION, "[{\"type\":\"keydown\",\"t\":1,\"code\":\"hello world\"}]"),
                        "invalid_frame", "events[0].code: must be \"*\" or a physical key code"),
                Arguments.of("wheel without dy", batch("1", SESSION, "[{\"type\":\"wheel\",\"t\":1}]"),
                        "invalid_frame", "events[0].dy: is required"),
                Arguments.of("non-positive time", batch("1", SESSION, "[{\"type\":\"mousemove\",\"t\":0,\"x\":1,\"y\":2}]"),
                        "invalid_frame", "events[0].t: must be a positive epoch time"),
                Arguments.of("coordinate out of range", batch("1", SESSION, "[{\"type\":\"mousemove\",\"t\":1,\"x\":2e6,\"y\":2}]"),
                        "invalid_frame", "events[0].x: must be within"),
                Arguments.of("duplicated key", "{\"type\":\"batch\",\"seq\":1,\"seq\":2,\"sessionId\":\"" + SESSION + "\",\"events\":[" + ok + "]}",
                        "invalid_json", "frame: property \"seq\" appears more than once"),
                Arguments.of("deep nesting", batch("1", SESSION, "[" + "[".repeat(50) + "]".repeat(50) + "]"),
                        "invalid_json", "frame: is nested too deeply (at most 8 levels)"),
                Arguments.of("number too long", "{\"type\":\"batch\",\"seq\":1" + "0".repeat(100) + "}",
                        "invalid_json", "frame: holds a number longer than 64 characters"),
                Arguments.of("trailing content", "{\"type\":\"batch\"} {}", "invalid_json",
                        "frame: is not valid JSON (more content after the value)"),
                Arguments.of("malformed at a position", "{\"type\":\"batch\",\n\"seq\":}", "invalid_json",
                        "frame: is not valid JSON (line 2, column"),
                Arguments.of("event not an object", batch("1", SESSION, "[42]"), "invalid_frame", "events[0]: must be an object"));
    }

    private static String batch(String seq, String session, String events) {
        return "{\"type\":\"batch\"" + (seq == null ? "" : ",\"seq\":" + seq) + ",\"sessionId\":\"" + session
                + "\",\"events\":" + events + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void malformedFrameIsRejectedWithAMessageNamingTheField(String name, String frame, String code, String message) {
        assertThatThrownBy(() -> codec.decodeClientFrame(frame))
                .isInstanceOfSatisfying(ContractViolation.class, violation -> {
                    assertThat(violation.code()).isEqualTo(code);
                    assertThat(violation.getMessage()).contains(message);
                });
    }

    @Test
    void violationCarriesTheBatchSeqWhenItWasReadable() {
        assertThatThrownBy(() -> codec.decodeClientFrame(batch("41", SESSION, "[{\"type\":\"mousemove\",\"t\":1}]")))
                .isInstanceOfSatisfying(ContractViolation.class, v -> assertThat(v.seq()).isEqualTo(41L));
    }

    @Test
    void serverFramesHaveTheDocumentedShape() {
        EventCodec roomy = new EventCodec();
        assertThat(roomy.encode(new ServerFrame.Ack(17))).isEqualTo("{\"type\":\"ack\",\"seq\":17}");
        assertThat(roomy.encode(new ServerFrame.Error(17L, "rate_limited", "slow down")))
                .isEqualTo("{\"type\":\"error\",\"seq\":17,\"code\":\"rate_limited\",\"message\":\"slow down\"}");
        ServerFrame.Risk risk = new ServerFrame.Risk(UUID.fromString(SESSION), 0.25, "LOW", Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(roomy.decodeServerFrame(roomy.encode(risk))).isEqualTo(risk);
        ServerFrame.Risk withEvidence = new ServerFrame.Risk(UUID.fromString(SESSION), 0.25, "LOW", 0.995, "HIGH",
                Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(roomy.encode(withEvidence)).isEqualTo("{\"type\":\"risk\",\"sessionId\":\"" + SESSION
                + "\",\"risk\":0.25,\"level\":\"LOW\",\"evidenceRisk\":0.995,\"evidenceLevel\":\"HIGH\","
                + "\"at\":\"2026-11-29T10:00:00Z\"}");
        assertThat(roomy.decodeServerFrame(roomy.encode(withEvidence))).isEqualTo(withEvidence);
    }

    @Test
    void streamEntryRoundTripKeepsUserSessionSeqAndEvents() {
        EventCodec roomy = new EventCodec();
        IngestedBatch batch = new IngestedBatch(UUID.randomUUID(), UUID.fromString(SESSION), 3,
                Instant.ofEpochMilli(1732449000999L), List.of(BehavioralEvent.key(EventType.KEYDOWN, 5.5, "*")));

        assertThat(IngestedBatch.fromFields(batch.toFields(roomy), roomy)).isEqualTo(batch);
    }

    @Test
    void streamEntryWithoutUserIsAPoisonEntry() {
        EventCodec roomy = new EventCodec();
        var fields = new java.util.HashMap<>(new IngestedBatch(UUID.randomUUID(), UUID.randomUUID(), 1, Instant.now(),
                List.of(BehavioralEvent.mouseMove(1, 1, 1))).toFields(roomy));
        fields.remove(IngestedBatch.USER_ID);

        assertThatThrownBy(() -> IngestedBatch.fromFields(fields, roomy))
                .isInstanceOf(ContractViolation.class).hasMessage("userId: is required");
    }
}
