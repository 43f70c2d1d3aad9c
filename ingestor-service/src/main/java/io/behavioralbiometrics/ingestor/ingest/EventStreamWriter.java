package io.behavioralbiometrics.ingestor.ingest;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends accepted batches to the {@value BusNames#EVENTS_STREAM} stream (durable: the
 * ack depends on it) and publishes them on {@value BusNames#LIVE_CHANNEL} (best effort).
 * The stream is not trimmed here: only the event-logger knows what has been consumed.
 */
@Component
class EventStreamWriter {

    private static final Logger log = LoggerFactory.getLogger(EventStreamWriter.class);

    private final StringRedisTemplate redis;
    private final EventCodec codec;
    private final JsonMapper mapper;

    EventStreamWriter(StringRedisTemplate redis, EventCodec codec, JsonMapper mapper) {
        this.redis = redis;
        this.codec = codec;
        this.mapper = mapper;
    }

    /**
     * Appends the batch; returns only once Redis has it.
     *
     * @throws DataAccessException when Redis is unreachable or refuses the write
     */
    RecordId append(IngestedBatch batch) {
        RecordId id = redis.opsForStream().add(
                StreamRecords.string(batch.toFields(codec)).withStreamKey(BusNames.EVENTS_STREAM));
        if (id == null) {
            throw new IllegalStateException("XADD returned no id");
        }
        publishLive(batch);
        return id;
    }

    private void publishLive(IngestedBatch batch) {
        try {
            redis.convertAndSend(BusNames.LIVE_CHANNEL, liveJson(batch));
        } catch (DataAccessException e) {
            // Pub/sub is at-most-once by design; the stream entry is what counts.
            log.warn("Could not publish batch {} of session {} on {}: {}", batch.seq(), batch.sessionId(),
                    BusNames.LIVE_CHANNEL, e.getMessage());
        }
    }

    /** The stream entry's fields as one JSON object, events as an array rather than a string. */
    String liveJson(IngestedBatch batch) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(IngestedBatch.USER_ID, batch.userId().toString());
        node.put(IngestedBatch.SESSION_ID, batch.sessionId().toString());
        node.put(IngestedBatch.SEQ, batch.seq());
        node.put(IngestedBatch.RECEIVED_AT, batch.receivedAt().toEpochMilli());
        ArrayNode events = node.putArray(IngestedBatch.EVENTS);
        for (BehavioralEvent event : batch.events()) {
            events.add(codec.eventNode(event));
        }
        return mapper.writeValueAsString(node);
    }
}
