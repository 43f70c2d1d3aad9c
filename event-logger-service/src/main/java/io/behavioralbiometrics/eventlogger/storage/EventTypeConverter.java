package io.behavioralbiometrics.eventlogger.storage;

import io.behavioralbiometrics.core.event.EventType;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an event type by its wire name, so the column reads like the protocol. */
@Converter
class EventTypeConverter implements AttributeConverter<EventType, String> {

    @Override
    public String convertToDatabaseColumn(EventType type) {
        return type.wireName();
    }

    @Override
    public EventType convertToEntityAttribute(String wireName) {
        return EventType.fromWireName(wireName)
                .orElseThrow(() -> new IllegalStateException("unknown event type in database: " + wireName));
    }
}
