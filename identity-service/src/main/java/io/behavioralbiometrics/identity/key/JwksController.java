package io.behavioralbiometrics.identity.key;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JwksController {

    /** Resource servers re-fetch on an unknown kid anyway; this only spares repeated fetches. */
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @Operation(summary = "Public keys that verify access tokens (RFC 7517 JWK Set)")
    @GetMapping(path = "/.well-known/jwks.json", produces = {"application/jwk-set+json", "application/json"})
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CACHE).body(keys.publishedJwkSet().toJSONObject(true));
    }
}
