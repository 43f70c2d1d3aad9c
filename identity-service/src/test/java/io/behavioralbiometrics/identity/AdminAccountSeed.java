package io.behavioralbiometrics.identity;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Creates the test administrator's account under the id the tests list in
 * {@code bb.identity.admin-user-ids}, as an operator does by registering and then listing
 * the id; the fixed id lets the listing come first.
 */
@TestConfiguration(proxyBeanMethods = false)
public class AdminAccountSeed {

    @Bean
    ApplicationRunner seedTestAdministrator(JdbcClient jdbc, PasswordEncoder encoder) {
        return args -> jdbc.sql("""
                insert into identity.users (id, email, password_hash, created_at)
                values (:id, :email, :hash, :now) on conflict do nothing""")
                .param("id", IdentityIntegrationTest.ADMIN_USER_ID)
                .param("email", IdentityIntegrationTest.ADMIN_EMAIL)
                .param("hash", encoder.encode(IdentityIntegrationTest.ADMIN_PASSWORD))
                .param("now", Timestamp.from(Instant.now()))
                .update();
    }
}
