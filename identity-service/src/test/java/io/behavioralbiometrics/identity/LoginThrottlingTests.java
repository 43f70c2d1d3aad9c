package io.behavioralbiometrics.identity;

import static io.behavioralbiometrics.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.identity.IdentityClient.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IdentityIntegrationTest
class LoginThrottlingTests {

    static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    IdentityClient client;

    @BeforeEach
    void client() {
        client = new IdentityClient(port);
    }

    @Test
    void loginWhenPasswordWrongFiveTimesShouldReturn429UntilTheLockExpires() {
        String email = uniqueEmail("locked");
        assertThat(client.register(email, PASSWORD).status()).isEqualTo(201);
        for (int i = 0; i < 5; i++) {
            assertThat(client.login(email, "wrong password " + i).status()).isEqualTo(401);
        }

        // Locked: even the right password is refused, with a problem body and Retry-After.
        Response locked = client.login(email, PASSWORD);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 5L);
        assertThat(locked.json().get("retryAfterSeconds").asLong()).isBetween(1L, 5L);

        // Only this address is locked out of this account: the owner elsewhere logs in.
        assertThat(fromElsewhere().login(email, PASSWORD).status()).isEqualTo(200);
        assertThat(client.login(email, PASSWORD).status()).isEqualTo(429);

        // The lock ends by itself; then the right password works again.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.login(email, PASSWORD).status() == 200);
        // That success reset the account's count: one more failure does not lock again.
        assertThat(client.login(email, "wrong again").status()).isEqualTo(401);
        assertThat(client.login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void concurrentWrongGuessesShouldBeCountedBeforeTheirPasswordIsChecked() throws Exception {
        String email = uniqueEmail("parallel");
        assertThat(client.register(email, PASSWORD).status()).isEqualTo(201);
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> guesses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String guess = "parallel guess " + i;
                guesses.add(pool.submit(() -> client.login(email, guess)));
            }
            for (Future<Response> guess : guesses) {
                statuses.add(guess.get().status());
            }
        }
        // Limit 5: at most 5 guesses reach the password check; the rest are refused.
        assertThat(statuses).allMatch(s -> s == 401 || s == 429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).isBetween(1L, 5L);
        assertThat(client.login(email, PASSWORD).status()).isEqualTo(429);
    }

    private IdentityClient fromElsewhere() {
        try {
            return new IdentityClient(port, InetAddress.getByName("127.0.0.2"));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unknownEmailsAreLockedLikeRealOnes() {
        String email = uniqueEmail("ghost");
        for (int i = 0; i < 5; i++) {
            assertThat(client.login(email, "guess " + i).status()).isEqualTo(401);
        }
        assertThat(client.login(email, "guess 6").status()).isEqualTo(429);
    }
}
