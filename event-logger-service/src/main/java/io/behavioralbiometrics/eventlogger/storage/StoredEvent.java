package io.behavioralbiometrics.eventlogger.storage;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.SQLInsert;
import org.hibernate.jdbc.Expectation;
import org.jspecify.annotations.Nullable;

/**
 * One stored event, identified by the table's unique key. Inserted only, never updated:
 * the insert ignores an event that is already stored, so re-delivered stream entries are
 * harmless.
 * <p>
 * The {@code id} column is the database's row number (its default takes the sequence),
 * deliberately not mapped: with ids drawn by Hibernate, a writer flushed its pending
 * inserts while holding the id generator's lock, so one waiting for another transaction's
 * duplicate rows held up every writer of the process (see {@code EventWriterTests}).
 * <p>
 * The custom insert binds parameters in the order Hibernate uses for its own insert: the
 * other attributes sorted by name, then the key in declaration order. {@code verify = None}
 * because a skipped duplicate reports zero rows, which is expected here, not a stale-state
 * error.
 */
@Entity
@Table(name = "behavioral_events")
@IdClass(StoredEvent.Key.class)
@SQLInsert(sql = """
        insert into events.behavioral_events
            (button, client_time, code, dy, event_type, received_at, x, y, user_id, session_id, batch_seq, idx)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (user_id, session_id, batch_seq, idx) do nothing""", verify = Expectation.None.class)
public class StoredEvent {

    @Id
    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Id
    @Column(name = "session_id", nullable = false, updatable = false)
    private UUID sessionId;

    @Id
    @Column(name = "batch_seq", nullable = false, updatable = false)
    private long batchSeq;

    @Id
    @Column(name = "idx", nullable = false, updatable = false)
    private int idx;

    @Convert(converter = EventTypeConverter.class)
    @Column(name = "event_type", nullable = false, updatable = false)
    private EventType eventType;

    @Column(name = "client_time", nullable = false, updatable = false)
    private double clientTime;

    @Column(name = "x", updatable = false)
    private @Nullable Double x;

    @Column(name = "y", updatable = false)
    private @Nullable Double y;

    @Column(name = "button", updatable = false)
    private @Nullable Short button;

    @Column(name = "dy", updatable = false)
    private @Nullable Double dy;

    @Column(name = "code", updatable = false)
    private @Nullable String code;

    @Column(name = "received_at", nullable = false, updatable = false)
    private Instant receivedAt;

    @SuppressWarnings("NullAway.Init") // for JPA only
    protected StoredEvent() {
    }

    StoredEvent(IngestedBatch batch, int idx) {
        BehavioralEvent event = batch.events().get(idx);
        this.userId = batch.userId();
        this.sessionId = batch.sessionId();
        this.batchSeq = batch.seq();
        this.idx = idx;
        this.eventType = event.type();
        this.clientTime = event.t();
        this.x = event.x();
        this.y = event.y();
        this.button = event.button() == null ? null : event.button().shortValue();
        this.dy = event.dy();
        this.code = event.code();
        this.receivedAt = batch.receivedAt();
    }

    public UUID getUserId() {
        return userId;
    }

    public UUID getSessionId() {
        return sessionId;
    }

    public long getBatchSeq() {
        return batchSeq;
    }

    public int getIdx() {
        return idx;
    }

    public EventType getEventType() {
        return eventType;
    }

    public double getClientTime() {
        return clientTime;
    }

    public @Nullable Double getX() {
        return x;
    }

    public @Nullable Double getY() {
        return y;
    }

    public @Nullable Short getButton() {
        return button;
    }

    public @Nullable Double getDy() {
        return dy;
    }

    public @Nullable String getCode() {
        return code;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }

    /** What identifies an event: the table's unique key, components in the insert's key column order. */
    public record Key(UUID userId, UUID sessionId, long batchSeq, int idx) implements Serializable {
    }
}
