package io.behavioralbiometrics.identity.key;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/keys")
class KeyAdminController {

    private final SigningKeys keys;

    KeyAdminController(SigningKeys keys) {
        this.keys = keys;
    }

    @Operation(summary = "Activate a new signing key; the previous one stays published until its tokens expire",
            security = @SecurityRequirement(name = "bearer"))
    @PostMapping("/rotate")
    SigningKeys.Rotation rotate() {
        return keys.rotate();
    }
}
