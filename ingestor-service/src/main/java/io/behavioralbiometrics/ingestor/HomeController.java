package io.behavioralbiometrics.ingestor;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The original's {@code GET /} health text; Actuator's probes are the real health checks. */
@RestController
class HomeController {

    @GetMapping("/")
    Map<String, String> home() {
        return Map.of("status", "ok", "service", "ingestor");
    }
}
