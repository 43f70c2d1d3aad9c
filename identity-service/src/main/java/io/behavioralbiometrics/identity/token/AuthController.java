package io.behavioralbiometrics.identity.token;

import io.behavioralbiometrics.identity.token.AuthRequests.AuthResponse;
import io.behavioralbiometrics.identity.token.AuthRequests.LoginRequest;
import io.behavioralbiometrics.identity.token.AuthRequests.RefreshRequest;
import io.behavioralbiometrics.identity.token.AuthRequests.RegisterRequest;
import static io.behavioralbiometrics.identity.web.InvalidRequestException.requireValid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Validator;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final AuthService auth;
    /** Validated by hand rather than with {@code @Valid}: Spring's exception would log the rejected password. */
    private final Validator validator;

    AuthController(AuthService auth, Validator validator) {
        this.auth = auth;
        this.validator = validator;
    }

    @Operation(summary = "Create an account and log it in")
    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    AuthResponse register(@RequestBody RegisterRequest request, HttpServletRequest http) {
        requireValid(validator, request);
        return auth.register(Objects.requireNonNull(request.email()), Objects.requireNonNull(request.password()),
                http.getRemoteAddr());
    }

    /**
     * The client address is the connection's peer ({@code getRemoteAddr()}); behind a
     * proxy, configure {@code server.forward-headers-strategy} so only trusted proxies'
     * forwarding headers change it.
     */
    @Operation(summary = "Exchange email and password for an access token and a refresh token")
    @PostMapping("/login")
    AuthResponse login(@RequestBody LoginRequest request, HttpServletRequest http) {
        requireValid(validator, request);
        return auth.login(Objects.requireNonNull(request.email()), Objects.requireNonNull(request.password()),
                http.getRemoteAddr());
    }

    @Operation(summary = "Exchange a refresh token for new tokens (the presented one is consumed)")
    @PostMapping("/refresh")
    AuthResponse refresh(@RequestBody RefreshRequest request) {
        requireValid(validator, request);
        return auth.refresh(Objects.requireNonNull(request.refreshToken()));
    }

    @Operation(summary = "End the refresh-token family of this token")
    @PostMapping("/revoke")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@RequestBody RefreshRequest request) {
        requireValid(validator, request);
        auth.revoke(Objects.requireNonNull(request.refreshToken()));
    }

    @Operation(summary = "End every refresh-token family of the caller", security = @SecurityRequirement(name = "bearer"))
    @PostMapping("/logout-all")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logoutAll(@AuthenticationPrincipal Jwt jwt) {
        auth.logoutAll(UUID.fromString(jwt.getSubject()));
    }
}
