package io.behavioralbiometrics.eventlogger.storage;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.SQLInsert;
import org.hibernate.jdbc.Expectation;
import org.jspecify.annotations.Nullable;

/**
 * One stored event. Inserted only, never updated: the insert ignores an event that is
 * already stored, so re-delivered stream entries are harmless.
 * <p>
 * The custom insert binds parameters in the order Hibernate uses for its own insert:
 * attributes sorted by name, the id last. {@code verify = None} because a skipped
 * duplicate reports zero rows, which is expected here, not a stale-state error.
 */
@Entity
@Table(name = "behavioral_events")
@SQLInsert(sql = """
        insert into events.behavioral_events
            (batch_seq, button, client_time, code, dy, event_type, idx, received_at, session_id, user_id, x, y, id)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (user_id, session_id, batch_seq, idx) do nothing""", verify = Expectation.None.class)
public class StoredEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "behavioral_events_id")
    @SequenceGenerator(name = "behavioral_events_id", sequenceName = "behavioral_events_id_seq", allocationSize = 500)
    private @Nullable Long id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "session_id", nullable = false, updatable = false)
    private UUID sessionId;

    @Column(name = "batch_seq", nullable = false, updatable = false)
    private long batchSeq;

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

    public @Nullable Long getId() {
        return id;
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
}
