package io.behavioralbiometrics.ingestor.ingest.connection;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.RiskUpdate;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.ServerFrame;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forwards {@value BusNames#RISK_CHANNEL} updates to the open sockets of their user on
 * this instance. Every instance subscribes, so the user's sockets get the update
 * whichever replica they are connected to.
 */
final class RiskForwarder implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(RiskForwarder.class);

    private final ConnectionRegistry registry;
    private final EventCodec codec;
    private final JsonMapper mapper;

    RiskForwarder(ConnectionRegistry registry, EventCodec codec, JsonMapper mapper) {
        this.registry = registry;
        this.codec = codec;
        this.mapper = mapper;
    }

    @Override
    public void onMessage(Message message, byte @Nullable [] pattern) {
        RiskUpdate update;
        try {
            update = mapper.readValue(new String(message.getBody(), StandardCharsets.UTF_8), RiskUpdate.class);
        } catch (JacksonException e) {
            log.warn("Ignored an unreadable message on {}: {}", BusNames.RISK_CHANNEL, e.getOriginalMessage());
            return;
        }
        if (update.userId() == null || update.sessionId() == null || update.at() == null || update.level() == null) {
            log.warn("Ignored a message on {} without userId, sessionId, level or at", BusNames.RISK_CHANNEL);
            return;
        }
        String frame = codec.encode(new ServerFrame.Risk(update.sessionId(), update.risk(), update.level(),
                update.evidenceRisk(), update.evidenceLevel(), update.at()));
        for (Connection connection : registry.ofUser(update.userId())) {
            connection.send(frame);
        }
    }
}
