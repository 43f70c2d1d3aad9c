package io.behavioralbiometrics.identity;

import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The identity service on a random port against real PostgreSQL. Every class that uses
 * exactly this annotation shares one application context. Locks are long enough to be
 * observed over HTTP on a slow machine and short enough to wait out. The administrator's
 * account is created at start ({@link AdminAccountSeed}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bb.identity.admin-user-ids=" + IdentityIntegrationTest.ADMIN_USER_ID_TEXT,
        // The setting earlier versions read: it must grant nothing (AdministratorTests).
        "bb.identity.admin-emails=" + IdentityIntegrationTest.SQUATTED_ADMIN_EMAIL,
        "bb.identity.throttle.initial-lock=5s",
        "bb.identity.throttle.max-lock=20s",
        "bb.identity.throttle.address-threshold=1000",
        "bb.identity.throttle.registration.per-address=100000",
        "bb.identity.throttle.registration.global=100000"})
@Import({RealServersConfiguration.class, AdminAccountSeed.class})
public @interface IdentityIntegrationTest {

    String ADMIN_USER_ID_TEXT = "0a11ad00-0000-4000-8000-00000000ad01";
    UUID ADMIN_USER_ID = UUID.fromString(ADMIN_USER_ID_TEXT);
    String ADMIN_EMAIL = "admin@example.test";
    /** An address someone might list as an administrator's before its owner registered it. */
    String SQUATTED_ADMIN_EMAIL = "security-team@example.test";
    String ADMIN_PASSWORD = "administrator passphrase 7";

}
