package io.behavioralbiometrics.risk.training;

import io.behavioralbiometrics.risk.web.AccessPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TrainingController {

    private final TrainingService training;

    TrainingController(TrainingService training) {
        this.training = training;
    }

    @Operation(summary = "Train the user's models from their stored events",
            description = "The user themself or an admin. Needs at least 50 usable events (422 otherwise, "
                    + "saying how many more); trains one new model version per feature set with enough windows "
                    + "and keeps the last bb.risk.training.keep-versions. 409 while another training of the user "
                    + "runs; 429 with Retry-After within bb.risk.training.cooldown of the last success.")
    @SecurityRequirement(name = "bearer")
    @PostMapping("/model/train/{userId}")
    TrainingResponse train(@PathVariable UUID userId, Authentication authentication) {
        AccessPolicy.requireSelfOrAdmin(authentication, userId);
        return training.trainOnRequest(userId);
    }
}
