package io.behavioralbiometrics.identity.token;

import io.behavioralbiometrics.identity.account.NotCommonPassword;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of {@code /api/auth/**}; secrets are masked in {@code toString}. */
final class AuthRequests {

    private AuthRequests() {
    }

    record RegisterRequest(
            @NotBlank(message = "must not be blank")
            @Email(message = "must be a well-formed email address")
            @Size(max = 320, message = "must be at most 320 characters") @Nullable String email,
            @NotBlank(message = "must not be blank")
            @Size(min = 8, max = 128, message = "must be 8 to 128 characters long")
            @NotCommonPassword @Nullable String password) {

        /** Surrounding spaces (a pasted address) are not an error; the service normalises further. */
        RegisterRequest {
            email = email == null ? null : email.trim();
        }

        @Override
        public String toString() {
            return "RegisterRequest[email=" + email + ", password=***]";
        }
    }

    record LoginRequest(
            @NotBlank(message = "must not be blank") @Size(max = 320, message = "must be at most 320 characters")
            @Nullable String email,
            @NotBlank(message = "must not be blank") @Size(max = 1024, message = "must be at most 1024 characters")
            @Nullable String password) {

        LoginRequest {
            email = email == null ? null : email.trim();
        }

        @Override
        public String toString() {
            return "LoginRequest[email=" + email + ", password=***]";
        }
    }

    record RefreshRequest(
            @NotBlank(message = "must not be blank") @Size(max = 512, message = "must be at most 512 characters")
            @Nullable String refreshToken) {

        @Override
        public String toString() {
            return "RefreshRequest[refreshToken=***]";
        }
    }

    record AuthResponse(String accessToken, String refreshToken, UUID userId, String email,
            Instant accessTokenExpiresAt, Instant refreshTokenExpiresAt) {

        @Override
        public String toString() {
            return "AuthResponse[userId=" + userId + ", email=" + email + ", tokens=***]";
        }
    }
}
