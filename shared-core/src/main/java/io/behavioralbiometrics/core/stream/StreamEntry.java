package io.behavioralbiometrics.core.stream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a Redis stream as a consumer received it.
 *
 * @param id     the entry's id
 * @param fields its fields in stream order; none when the entry was deleted after it was delivered
 */
public record StreamEntry(String id, Map<String, String> fields) {

    public StreamEntry {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Deleted from the stream (XDEL) after it was delivered: only its id is left in the pending list. */
    public boolean deleted() {
        return fields.isEmpty();
    }
}
