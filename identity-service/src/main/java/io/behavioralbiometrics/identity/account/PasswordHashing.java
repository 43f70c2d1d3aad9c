package io.behavioralbiometrics.identity.account;

import io.behavioralbiometrics.identity.IdentityProperties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2 with a bulkhead: at most {@code bb.identity.hashing.max-concurrent} hashes at
 * once; a caller waits up to {@code queue-wait} for a slot and is then refused with
 * {@link HashingBusyException} (503), so a burst of logins cannot exhaust the heap.
 */
@Component
class PasswordHashing {

    private final PasswordEncoder encoder;
    private final Semaphore slots;
    private final long waitNanos;

    PasswordHashing(PasswordEncoder encoder, IdentityProperties properties) {
        this.encoder = encoder;
        this.slots = new Semaphore(properties.hashing().effectiveMaxConcurrent(), true);
        this.waitNanos = properties.hashing().queueWait().toNanos();
    }

    String encode(String password) {
        return bounded(() -> encoder.encode(password));
    }

    boolean matches(String password, String hash) {
        return bounded(() -> encoder.matches(password, hash));
    }

    private <T> T bounded(Supplier<T> work) {
        try {
            if (!slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new HashingBusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashingBusyException();
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }
}
