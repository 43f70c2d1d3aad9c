package io.behavioralbiometrics.ingestor.ingest.publish;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.EventCodec;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends accepted batches to the user's shard of the {@value BusNames#EVENTS_STREAM}
 * stream ({@link EventStreams}; durable: the ack depends on it) and publishes them on
 * {@value BusNames#LIVE_CHANNEL} (best effort).
 * The stream is not trimmed here: only the event-logger knows what has been consumed.
 */
@Component
public class EventStreamWriter {

    private static final Logger log = LoggerFactory.getLogger(EventStreamWriter.class);

    private final StringRedisTemplate redis;
    private final EventCodec codec;
    private final EventStreams streams;
    private final ReplicatedAppends replicated;

    EventStreamWriter(StringRedisTemplate redis, EventCodec codec, EventStreams streams, ReplicatedAppends replicated) {
        this.redis = redis;
        this.codec = codec;
        this.streams = streams;
        this.replicated = replicated;
    }

    /**
     * Appends the batch; returns only once Redis has it (and, with
     * {@code bb.ingest.durability.replicas}, that many of its replicas).
     *
     * @throws DataAccessException when Redis is unreachable or refuses the write
     */
    public RecordId append(IngestedBatch batch) {
        Map<String, String> fields = batch.toFields(codec);
        String stream = streams.keyOf(BusNames.EVENTS_STREAM, batch.userId());
        RecordId id = replicated.enabled() ? RecordId.of(replicated.append(stream, fields))
                : redis.opsForStream().add(StreamRecords.string(fields).withStreamKey(stream));
        if (id == null) {
            throw new IllegalStateException("XADD returned no id");
        }
        publishLive(batch, fields.get(IngestedBatch.EVENTS));
        return id;
    }

    private void publishLive(IngestedBatch batch, String eventsJson) {
        try {
            redis.convertAndSend(BusNames.LIVE_CHANNEL, liveJson(batch, eventsJson));
        } catch (DataAccessException e) {
            // Pub/sub is at-most-once by design; the stream entry is what counts.
            log.warn("Could not publish batch {} of session {} on {}: {}", batch.seq(), batch.sessionId(),
                    BusNames.LIVE_CHANNEL, e.getMessage());
        }
    }

    /**
     * The stream entry's fields as one JSON object, events as an array rather than a
     * string. The events are the JSON the codec already wrote for the stream entry, so
     * they are not encoded twice; the other fields are UUIDs and numbers, which need no
     * escaping.
     */
    static String liveJson(IngestedBatch batch, String eventsJson) {
        return new StringBuilder(eventsJson.length() + 160)
                .append("{\"").append(IngestedBatch.USER_ID).append("\":\"").append(batch.userId())
                .append("\",\"").append(IngestedBatch.SESSION_ID).append("\":\"").append(batch.sessionId())
                .append("\",\"").append(IngestedBatch.SEQ).append("\":").append(batch.seq())
                .append(",\"").append(IngestedBatch.RECEIVED_AT).append("\":").append(batch.receivedAt().toEpochMilli())
                .append(",\"").append(IngestedBatch.EVENTS).append("\":").append(eventsJson)
                .append('}').toString();
    }
}
