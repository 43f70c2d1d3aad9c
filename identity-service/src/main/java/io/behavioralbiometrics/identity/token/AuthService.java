package io.behavioralbiometrics.identity.token;

import io.behavioralbiometrics.identity.account.AccountService;
import io.behavioralbiometrics.identity.account.Emails;
import io.behavioralbiometrics.identity.account.HashingBusyException;
import io.behavioralbiometrics.identity.account.UserAccount;
import io.behavioralbiometrics.identity.account.UserRepository;
import io.behavioralbiometrics.identity.throttle.LoginThrottle;
import io.behavioralbiometrics.identity.throttle.RegistrationThrottle;
import io.behavioralbiometrics.identity.token.AuthRequests.AuthResponse;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

@Service
class AuthService {

    private final AccountService accounts;
    private final UserRepository users;
    private final LoginThrottle throttle;
    private final RegistrationThrottle registrations;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;

    AuthService(AccountService accounts, UserRepository users, LoginThrottle throttle,
            RegistrationThrottle registrations, AccessTokens accessTokens, RefreshTokens refreshTokens) {
        this.registrations = registrations;
        this.accounts = accounts;
        this.users = users;
        this.throttle = throttle;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
    }

    AuthResponse register(String email, String password, String clientAddress) {
        registrations.admit(clientAddress).ifPresent(wait -> {
            throw new RegistrationThrottledException(wait);
        });
        return tokensFor(accounts.register(email, password));
    }

    AuthResponse login(String email, String password, String clientAddress) {
        String normalised = Emails.normalise(email);
        LoginThrottle.Attempt attempt = throttle.begin(normalised, clientAddress);
        attempt.refused().ifPresent(remaining -> {
            throw new LoginLockedException(remaining);
        });
        // Counted as a failure already; uncounted on success or when the hash was refused (503).
        Optional<UserAccount> account;
        try {
            account = accounts.authenticate(normalised, password);
        } catch (HashingBusyException e) {
            throttle.abandoned(attempt);
            throw e;
        }
        if (account.isEmpty()) {
            throw new InvalidCredentialsException();
        }
        throttle.succeeded(attempt);
        return tokensFor(account.get());
    }

    AuthResponse refresh(String refreshToken) {
        RefreshTokens.Rotated rotated = refreshTokens.rotate(refreshToken);
        UserAccount user = users.findById(rotated.userId()).orElseThrow(InvalidRefreshTokenException::new);
        AccessTokens.Issued access = accessTokens.issue(user);
        return new AuthResponse(access.token(), rotated.next().token(), user.id(), user.email(),
                access.expiresAt(), rotated.next().expiresAt());
    }

    void revoke(String refreshToken) {
        refreshTokens.revokeFamilyOf(refreshToken);
    }

    void logoutAll(UUID userId) {
        refreshTokens.revokeAllOf(userId);
    }

    private AuthResponse tokensFor(UserAccount user) {
        AccessTokens.Issued access = accessTokens.issue(user);
        RefreshTokens.Issued refresh = refreshTokens.startFamily(user.id());
        return new AuthResponse(access.token(), refresh.token(), user.id(), user.email(), access.expiresAt(),
                refresh.expiresAt());
    }
}
