package io.behavioralbiometrics.identity.account;

import io.behavioralbiometrics.identity.IdentityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PasswordConfiguration.class);

    /**
     * Argon2id with OWASP's minimum: m = 19 MiB, t = 2, p = 1; 16-byte salt, 32-byte hash.
     * The native implementation is about 30% faster at these parameters and keeps the
     * 19 MiB off the heap; hashes of either verify with the other.
     */
    @Bean
    PasswordEncoder passwordEncoder(IdentityProperties properties) {
        if (properties.hashing().implementation() == IdentityProperties.Hashing.Implementation.NATIVE) {
            try {
                return NativeArgon2PasswordEncoder.load(Argon2Parameters.OWASP);
            } catch (LinkageError | RuntimeException e) {
                log.warn("Native Argon2 is not available on this platform ({}); hashing with the Java implementation",
                        e.toString());
            }
        }
        Argon2Parameters p = Argon2Parameters.OWASP;
        return new Argon2PasswordEncoder(p.saltLength(), p.hashLength(), p.parallelism(), p.memoryKib(), p.iterations());
    }
}
