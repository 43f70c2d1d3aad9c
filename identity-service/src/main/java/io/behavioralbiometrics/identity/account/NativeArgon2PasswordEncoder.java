package io.behavioralbiometrics.identity.account;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2id by the reference C implementation that argon2-jvm ships for Linux, macOS and
 * Windows (through JNA). It writes the same PHC strings as Spring's Bouncy Castle encoder
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) and verifies theirs, so accounts
 * hashed by either keep working.
 */
final class NativeArgon2PasswordEncoder implements PasswordEncoder {

    private final Argon2 argon2;
    private final Argon2Parameters parameters;

    private NativeArgon2PasswordEncoder(Argon2 argon2, Argon2Parameters parameters) {
        this.argon2 = argon2;
        this.parameters = parameters;
    }

    /** Loads the native library now, so a platform without it fails at start, not at a login. */
    static NativeArgon2PasswordEncoder load(Argon2Parameters parameters) {
        Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, parameters.saltLength(),
                parameters.hashLength());
        NativeArgon2PasswordEncoder encoder = new NativeArgon2PasswordEncoder(argon2, parameters);
        String probe = encoder.encode("probe");
        if (!encoder.matches("probe", probe) || encoder.matches("other", probe)) {
            throw new IllegalStateException("native Argon2 failed its self-test");
        }
        return encoder;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        char[] password = toChars(rawPassword);
        try {
            return argon2.hash(parameters.iterations(), parameters.memoryKib(), parameters.parallelism(), password,
                    StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (encodedPassword == null || !encodedPassword.startsWith("$argon2")) {
            return false;
        }
        char[] password = toChars(rawPassword);
        try {
            return argon2.verify(encodedPassword, password, StandardCharsets.UTF_8);
        } catch (RuntimeException malformed) {
            return false; // a stored value that is not a valid Argon2 string matches nothing
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] toChars(CharSequence value) {
        char[] chars = new char[value.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = value.charAt(i);
        }
        return chars;
    }
}
