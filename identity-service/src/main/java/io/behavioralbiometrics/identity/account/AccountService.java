package io.behavioralbiometrics.identity.account;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Creates accounts and checks passwords. */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final UserRepository users;
    private final PasswordHashing encoder;
    /** Verified against for unknown emails, so their failure costs as much time as a wrong password. */
    private final String dummyHash;

    AccountService(UserRepository users, PasswordHashing encoder, PasswordEncoder argon2) {
        this.users = users;
        this.encoder = encoder;
        this.dummyHash = argon2.encode(UUID.randomUUID().toString());
    }

    /**
     * Registers {@code email} (normalised); fails with {@link EmailTakenException} when it
     * exists. The password is hashed first either way, so a duplicate costs as much as a new
     * account and its answer is not faster.
     */
    public UserAccount register(String email, String password) {
        String normalised = Emails.normalise(email);
        String hash = encoder.encode(password);
        if (users.existsByEmail(normalised)) {
            throw new EmailTakenException();
        }
        UserAccount account = new UserAccount(UUID.randomUUID(), normalised, hash, Instant.now());
        try {
            UserAccount saved = users.saveAndFlush(account);
            log.info("Registered user {}", saved.id());
            return saved;
        } catch (DataIntegrityViolationException e) {
            // Lost a race with a concurrent registration of the same email.
            throw new EmailTakenException();
        }
    }

    /**
     * The account whose password matches, or empty. Unknown emails still cost one Argon2
     * verification so response time does not tell whether the email exists.
     */
    public Optional<UserAccount> authenticate(String email, String password) {
        Optional<UserAccount> account = users.findByEmail(Emails.normalise(email));
        if (account.isEmpty()) {
            encoder.matches(password, dummyHash);
            return Optional.empty();
        }
        if (!encoder.matches(password, account.get().passwordHash())) {
            return Optional.empty();
        }
        return account;
    }
}
