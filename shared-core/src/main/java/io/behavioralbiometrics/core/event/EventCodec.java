package io.behavioralbiometrics.core.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON codec of the event contract. Decoding validates every field and reports
 * the first violation with its path ({@code events[3].x: must be a finite number}), so
 * a client learns exactly what to fix and nothing invalid reaches the stream.
 * Instances are immutable and thread-safe.
 */
public final class EventCodec {

    /** Largest integer a JSON number carries exactly in a browser (2^53 - 1). */
    private static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
    /** Physical key codes are ASCII identifiers such as {@code KeyA} or {@code ArrowLeft}. */
    private static final Pattern KEY_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_NUMBER_LENGTH = 64;
    private static final int MAX_STRING_LENGTH = 4096;
    private static final int MAX_NAME_LENGTH = 64;
    /** Names are at most {@link #MAX_NAME_LENGTH} long, so quoting one stays short. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"([^\"]{0,64})\"");

    private final EventLimits limits;
    private final JsonMapper mapper;

    public EventCodec() {
        this(EventLimits.DEFAULT);
    }

    public EventCodec(EventLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory).build();
    }

    public EventLimits limits() {
        return limits;
    }

    // ---------------------------------------------------------------- client frames

    /** Reads and validates one client text frame. */
    public ClientFrame decodeClientFrame(String json) {
        JsonNode root = parse(json);
        if (!root.isObject()) {
            throw invalid(null, "frame: must be a JSON object");
        }
        if (root.has("event_type")) {
            return new ClientFrame.LegacyEvent(decodeLegacy(root));
        }
        JsonNode type = root.get("type");
        if (type == null || type.isNull()) {
            throw invalid(null, "type: is required (\"batch\")");
        }
        if (!type.isString() || !"batch".equals(type.stringValue())) {
            throw invalid(null, "type: must be \"batch\"");
        }
        return new ClientFrame.Batch(decodeBatch(root));
    }

    private EventBatch decodeBatch(JsonNode root) {
        long seq = readSeq(root.get("seq"));
        UUID sessionId = readUuid(root.get("sessionId"), "sessionId", seq);
        JsonNode events = root.get("events");
        if (events == null || events.isNull()) {
            throw invalid(seq, "events: is required");
        }
        if (!events.isArray()) {
            throw invalid(seq, "events: must be an array");
        }
        if (events.isEmpty()) {
            throw invalid(seq, "events: must not be empty");
        }
        if (events.size() > limits.maxEventsPerBatch()) {
            throw new ContractViolation(ContractViolation.TOO_MANY_EVENTS,
                    "events: must hold at most " + limits.maxEventsPerBatch() + " events, got " + events.size(),
                    seq);
        }
        List<BehavioralEvent> decoded = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            decoded.add(decodeEvent(events.get(i), "events[" + i + "]", seq));
        }
        return new EventBatch(sessionId, seq, decoded);
    }

    private long readSeq(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid(null, "seq: is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(null, "seq: must be an integer");
        }
        long seq = node.longValue();
        if (seq < 0 || seq > MAX_SAFE_INTEGER) {
            throw invalid(null, "seq: must be between 0 and " + MAX_SAFE_INTEGER);
        }
        return seq;
    }

    private UUID readUuid(@Nullable JsonNode node, String field, @Nullable Long seq) {
        if (node == null || node.isNull()) {
            throw invalid(seq, field + ": is required");
        }
        if (!node.isString()) {
            throw invalid(seq, field + ": must be a UUID string");
        }
        String text = node.stringValue();
        if (text.length() != 36) {
            throw invalid(seq, field + ": must be a UUID");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid(seq, field + ": must be a UUID");
        }
    }

    /** Decodes one event of a batch; {@code path} prefixes every message. */
    public BehavioralEvent decodeEvent(@Nullable JsonNode node, String path, @Nullable Long seq) {
        if (node == null || !node.isObject()) {
            throw invalid(seq, path + ": must be an object");
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw invalid(seq, path + ".type: is required");
        }
        if (!typeNode.isString()) {
            throw invalid(seq, path + ".type: must be a string");
        }
        EventType type = EventType.fromWireName(typeNode.stringValue()).orElseThrow(() -> invalid(seq,
                path + ".type: unknown event type, expected one of " + EventType.wireNames()));
        double t = requireTime(node.get("t"), path + ".t", seq);
        return switch (type) {
            case MOUSEMOVE -> new BehavioralEvent(type, t,
                    requireCoordinate(node.get("x"), path + ".x", seq),
                    requireCoordinate(node.get("y"), path + ".y", seq), null, null, null);
            case MOUSEDOWN, MOUSEUP, CLICK -> new BehavioralEvent(type, t,
                    requireCoordinate(node.get("x"), path + ".x", seq),
                    requireCoordinate(node.get("y"), path + ".y", seq),
                    requireButton(node.get("button"), path + ".button", seq), null, null);
            case WHEEL -> new BehavioralEvent(type, t,
                    optionalCoordinate(node.get("x"), path + ".x", seq),
                    optionalCoordinate(node.get("y"), path + ".y", seq), null,
                    requireCoordinate(node.get("dy"), path + ".dy", seq), null);
            case KEYDOWN, KEYUP -> new BehavioralEvent(type, t, null, null, null, null,
                    requireCode(node.get("code"), path + ".code", seq));
        };
    }

    private double requireTime(@Nullable JsonNode node, String path, @Nullable Long seq) {
        double t = requireFinite(node, path, seq);
        if (t <= 0) {
            throw invalid(seq, path + ": must be a positive epoch time in milliseconds");
        }
        return t;
    }

    private double requireCoordinate(@Nullable JsonNode node, String path, @Nullable Long seq) {
        double value = requireFinite(node, path, seq);
        if (Math.abs(value) > limits.maxCoordinate()) {
            throw invalid(seq, path + ": must be within ±" + (long) limits.maxCoordinate());
        }
        return value;
    }

    private @Nullable Double optionalCoordinate(@Nullable JsonNode node, String path, @Nullable Long seq) {
        return node == null || node.isNull() ? null : requireCoordinate(node, path, seq);
    }

    private double requireFinite(@Nullable JsonNode node, String path, @Nullable Long seq) {
        if (node == null || node.isNull()) {
            throw invalid(seq, path + ": is required");
        }
        // Strings such as "NaN" or "Infinity" are not numbers here, whatever a lenient parser says.
        if (!node.isNumber()) {
            throw invalid(seq, path + ": must be a finite number");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw invalid(seq, path + ": must be a finite number");
        }
        return value;
    }

    private int requireButton(@Nullable JsonNode node, String path, @Nullable Long seq) {
        if (node == null || node.isNull()) {
            throw invalid(seq, path + ": is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0 || node.intValue() > 4) {
            throw invalid(seq, path + ": must be an integer between 0 and 4");
        }
        return node.intValue();
    }

    private String requireCode(@Nullable JsonNode node, String path, @Nullable Long seq) {
        if (node == null || node.isNull()) {
            throw invalid(seq, path + ": is required");
        }
        if (!node.isString()) {
            throw invalid(seq, path + ": must be a string");
        }
        String code = node.stringValue();
        if (BehavioralEvent.MASKED_CODE.equals(code)) {
            return code;
        }
        if (code.isEmpty() || code.length() > limits.maxCodeLength() || !KEY_CODE.matcher(code).matches()) {
            throw invalid(seq, path + ": must be \"*\" or a physical key code such as \"KeyA\" (at most "
                    + limits.maxCodeLength() + " letters and digits)");
        }
        return code;
    }

    private BehavioralEvent decodeLegacy(JsonNode root) {
        JsonNode typeNode = root.get("event_type");
        if (!typeNode.isString()) {
            throw invalid(null, "event_type: must be a string");
        }
        EventType type = EventType.fromWireName(typeNode.stringValue()).orElseThrow(() -> invalid(null,
                "event_type: unknown event type, expected one of " + EventType.wireNames()));
        double timestamp = requireFinite(root.get("timestamp"), "timestamp", null);
        if (timestamp <= 0) {
            throw invalid(null, "timestamp: must be a positive epoch time");
        }
        // The original clients sent Python-style seconds or JavaScript milliseconds.
        double t = timestamp < 100_000_000_000d ? timestamp * 1000 : timestamp;
        ObjectNode event = NODES.objectNode();
        event.put("type", type.wireName());
        event.put("t", t);
        for (String field : List.of("x", "y", "button", "dy", "code")) {
            JsonNode value = root.get(field);
            if (value != null) {
                event.set(field, value);
            }
        }
        if (type.isButton() && !root.has("button")) {
            event.put("button", 0);
        }
        return decodeEvent(event, "event", null);
    }

    private JsonNode parse(String json) {
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw invalidJson("frame: is empty");
            }
            return node;
        } catch (ContractViolation e) {
            throw e;
        } catch (JacksonException e) {
            throw invalidJson(describe(e));
        }
    }

    /**
     * Our own words for a parse failure: the parser's message names its classes and settings
     * and may quote the input, none of which belongs in a frame sent back to a client.
     */
    private static String describe(JacksonException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            if (message.contains("nesting depth")) {
                return "frame: is nested too deeply (at most " + MAX_DEPTH + " levels)";
            }
            if (message.startsWith("Number value length")) {
                return "frame: holds a number longer than " + MAX_NUMBER_LENGTH + " characters";
            }
            if (message.startsWith("String value length")) {
                return "frame: holds a string longer than " + MAX_STRING_LENGTH + " characters";
            }
            if (message.startsWith("Name length")) {
                return "frame: holds a property name longer than " + MAX_NAME_LENGTH + " characters";
            }
            return "frame: exceeds a JSON size limit";
        }
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.lookingAt()) {
            return "frame: property \"" + duplicate.group(1) + "\" appears more than once";
        }
        if (message.startsWith("Trailing token")) {
            return "frame: is not valid JSON (more content after the value)";
        }
        TokenStreamLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? "frame: is not valid JSON"
                : "frame: is not valid JSON (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static ContractViolation invalidJson(String message) {
        return new ContractViolation(ContractViolation.INVALID_JSON, message, null);
    }

    private static ContractViolation invalid(@Nullable Long seq, String message) {
        return new ContractViolation(ContractViolation.INVALID_FRAME, message, seq);
    }

    // ---------------------------------------------------------------- writing

    public String encodeBatch(EventBatch batch) {
        ObjectNode root = NODES.objectNode();
        root.put("type", "batch");
        root.put("sessionId", batch.sessionId().toString());
        root.put("seq", batch.seq());
        root.set("events", eventsNode(batch.events()));
        return mapper.writeValueAsString(root);
    }

    public String encodeEvents(List<BehavioralEvent> events) {
        return mapper.writeValueAsString(eventsNode(events));
    }

    /** Reads an events array written by {@link #encodeEvents}, validating as for a batch. */
    public List<BehavioralEvent> decodeEvents(String json) {
        JsonNode root = parse(json);
        if (!root.isArray()) {
            throw invalid(null, "events: must be an array");
        }
        List<BehavioralEvent> events = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            events.add(decodeEvent(root.get(i), "events[" + i + "]", null));
        }
        return events;
    }

    private ArrayNode eventsNode(List<BehavioralEvent> events) {
        ArrayNode array = NODES.arrayNode(events.size());
        for (BehavioralEvent event : events) {
            array.add(eventNode(event));
        }
        return array;
    }

    public ObjectNode eventNode(BehavioralEvent event) {
        ObjectNode node = NODES.objectNode();
        node.put("type", event.type().wireName());
        node.put("t", event.t());
        if (event.x() != null) {
            node.put("x", event.x());
        }
        if (event.y() != null) {
            node.put("y", event.y());
        }
        if (event.button() != null) {
            node.put("button", event.button());
        }
        if (event.dy() != null) {
            node.put("dy", event.dy());
        }
        if (event.code() != null) {
            node.put("code", event.code());
        }
        return node;
    }

    public String encode(ServerFrame frame) {
        ObjectNode node = NODES.objectNode();
        switch (frame) {
            case ServerFrame.Ack ack -> {
                node.put("type", "ack");
                node.put("seq", ack.seq());
            }
            case ServerFrame.Error error -> {
                node.put("type", "error");
                if (error.seq() != null) {
                    node.put("seq", error.seq());
                } else {
                    node.putNull("seq");
                }
                node.put("code", error.code());
                node.put("message", error.message());
            }
            case ServerFrame.Risk risk -> {
                node.put("type", "risk");
                node.put("sessionId", risk.sessionId().toString());
                node.put("risk", risk.risk());
                node.put("level", risk.level());
                if (risk.evidenceRisk() != null && risk.evidenceLevel() != null) {
                    node.put("evidenceRisk", risk.evidenceRisk());
                    node.put("evidenceLevel", risk.evidenceLevel());
                }
                node.put("at", risk.at().toString());
            }
        }
        return mapper.writeValueAsString(node);
    }

    /** Reads a server frame; used by clients of the protocol (tests, the load generator). */
    public ServerFrame decodeServerFrame(String json) {
        JsonNode node = parse(json);
        String type = node.path("type").asString("");
        return switch (type) {
            case "ack" -> new ServerFrame.Ack(node.path("seq").asLong());
            case "error" -> new ServerFrame.Error(
                    node.path("seq").isNumber() ? node.path("seq").asLong() : null,
                    node.path("code").asString(""), node.path("message").asString(""));
            case "risk" -> new ServerFrame.Risk(UUID.fromString(node.path("sessionId").asString()),
                    node.path("risk").asDouble(), node.path("level").asString(""),
                    node.path("evidenceRisk").isNumber() ? node.path("evidenceRisk").asDouble() : null,
                    node.path("evidenceLevel").isString() ? node.path("evidenceLevel").asString() : null,
                    Instant.parse(node.path("at").asString()));
            default -> throw invalid(null, "type: unknown server frame type \"" + type + "\"");
        };
    }
}
