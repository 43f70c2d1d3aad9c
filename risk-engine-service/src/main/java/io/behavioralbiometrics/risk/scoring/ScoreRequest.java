package io.behavioralbiometrics.risk.scoring;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Events to score, each as on the wire ({@code {"type":"mousemove","t":…,"x":…,"y":…}});
 * decoded and validated by the shared event codec, so errors name the event and field.
 */
record ScoreRequest(@Nullable List<JsonNode> events) {
}
