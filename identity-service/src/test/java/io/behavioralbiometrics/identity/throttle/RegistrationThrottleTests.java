package io.behavioralbiometrics.identity.throttle;

import static io.behavioralbiometrics.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.identity.IdentityClient;
import io.behavioralbiometrics.identity.IdentityClient.Response;
import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import java.net.InetAddress;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** Registration limits over real HTTP: 3 per address, 5 in all, per hour. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bb.identity.throttle.registration.per-address=3",
        "bb.identity.throttle.registration.global=5"})
@Import(RealServersConfiguration.class)
class RegistrationThrottleTests {

    static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    @Autowired
    LoginFailureRepository rows;

    @Autowired
    TransactionTemplate transactions;

    /** Other test classes share the database and register many accounts; start from a clean count. */
    @BeforeEach
    void forgetEarlierRegistrations() {
        transactions.executeWithoutResult(status -> rows.deleteRegistrationsOlderThan(Instant.now().plusSeconds(60)));
    }

    @Test
    void registrationsShouldBeLimitedPerAddressAndInAllWith429AndRetryAfter() throws Exception {
        IdentityClient first = new IdentityClient(port, InetAddress.getByName("127.0.0.4"));
        String taken = uniqueEmail("taken");
        assertThat(first.register(taken, PASSWORD).status()).isEqualTo(201);
        // A duplicate counts like a new account, so probing for taken emails is limited too.
        assertThat(first.register(taken, PASSWORD).status()).isEqualTo(409);
        assertThat(first.register(uniqueEmail("third"), PASSWORD).status()).isEqualTo(201);

        Response limited = first.register(uniqueEmail("fourth"), PASSWORD);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        assertThat(limited.text("type")).isEqualTo("urn:problem:identity:registration-throttled");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(first.register(taken, PASSWORD).status()).isEqualTo(429);

        // Another address still registers, until the global limit (5) is reached.
        IdentityClient second = new IdentityClient(port, InetAddress.getByName("127.0.0.5"));
        assertThat(second.register(uniqueEmail("other"), PASSWORD).status()).isEqualTo(201);
        assertThat(second.register(uniqueEmail("other"), PASSWORD).status()).isEqualTo(201);
        assertThat(second.register(uniqueEmail("other"), PASSWORD).status()).isEqualTo(429);
        IdentityClient third = new IdentityClient(port, InetAddress.getByName("127.0.0.6"));
        assertThat(third.register(uniqueEmail("other"), PASSWORD).status()).isEqualTo(429);
    }
}
