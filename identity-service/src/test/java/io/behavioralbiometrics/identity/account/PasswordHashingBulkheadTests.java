package io.behavioralbiometrics.identity.account;

import static io.behavioralbiometrics.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.identity.IdentityClient;
import io.behavioralbiometrics.identity.IdentityClient.Response;
import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * One hashing slot and a short wait, so a burst must be shed rather than queued without bound.
 * The login locks are raised out of the way: attempts in flight count toward them, so with
 * the defaults a burst could be answered 429 before enough of it reached the hashing slot.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bb.identity.hashing.max-concurrent=1",
        "bb.identity.hashing.queue-wait=100ms",
        "bb.identity.throttle.address-threshold=1000",
        "bb.identity.throttle.account-threshold=1000",
        "bb.identity.throttle.registration.per-address=100000"})
@Import(RealServersConfiguration.class)
class PasswordHashingBulkheadTests {

    static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    @Test
    void twoHundredConcurrentLoginsShouldGetOnly200Or503WithRetryAfterAndNever500() throws Exception {
        IdentityClient client = new IdentityClient(port);
        String email = uniqueEmail("burst");
        assertThat(client.register(email, PASSWORD).status()).isEqualTo(201);

        List<Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> client.login(email, PASSWORD)));
            }
            for (Future<Response> call : calls) {
                responses.add(call.get());
            }
        }

        assertThat(responses).extracting(Response::status).allMatch(s -> s == 200 || s == 503 || s == 401 || s == 429);
        assertThat(responses).extracting(Response::status).contains(200, 503);
        Response busy = responses.stream().filter(r -> r.status() == 503).findFirst().orElseThrow();
        assertThat(busy.header("Content-Type")).startsWith("application/problem+json");
        assertThat(busy.header("Retry-After")).isEqualTo("1");
        assertThat(busy.text("type")).isEqualTo("urn:problem:identity:hashing-busy");
        // Shedding is temporary: once the burst is over the same login works.
        assertThat(client.login(email, PASSWORD).status()).isEqualTo(200);
    }

    /** A duplicate is hashed like a new account, so it is not answered faster (and competes for the same slots). */
    @Test
    void duplicateRegistrationsShouldCostAHashLikeNewOnes() throws Exception {
        IdentityClient client = new IdentityClient(port);
        String email = uniqueEmail("dup");
        assertThat(client.register(email, PASSWORD).status()).isEqualTo(201);
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit(() -> client.register(email, PASSWORD)));
            }
            for (Future<Response> call : calls) {
                statuses.add(call.get().status());
            }
        }
        // Without a hash every duplicate would be an instant 409; with one, the single slot sheds some.
        assertThat(statuses).allMatch(s -> s == 409 || s == 503).contains(409, 503);
    }
}
