package io.behavioralbiometrics.identity.account;

/** The Argon2id cost of every new password hash; a stored hash carries its own. */
record Argon2Parameters(int saltLength, int hashLength, int parallelism, int memoryKib, int iterations) {

    /** OWASP's minimum for Argon2id: m = 19 MiB, t = 2, p = 1. */
    static final Argon2Parameters OWASP = new Argon2Parameters(16, 32, 1, 19456, 2);
}
