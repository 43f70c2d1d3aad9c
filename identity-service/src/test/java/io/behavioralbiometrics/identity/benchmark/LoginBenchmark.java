package io.behavioralbiometrics.identity.benchmark;

import io.behavioralbiometrics.identity.IdentityApplication;
import io.behavioralbiometrics.identity.IdentityClient;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import io.behavioralbiometrics.testsupport.RealServers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Login throughput and latency with the production Argon2id parameters (m = 19 MiB,
 * t = 2, p = 1): starts the service in-process on real PostgreSQL (a database of its
 * own), registers one account, then {@code threads} clients each log in
 * {@code loginsPerThread} times over real HTTP. Not a test; run it with
 * {@code ./mvnw -q -pl identity-service -am -Pbenchmark -DskipTests verify}
 * ({@code -Dbenchmark.logins=N -Dbenchmark.threads=T} to change the load).
 */
public final class LoginBenchmark {

    private LoginBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int loginsPerThread = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int warmup = 30;

        PostgresEndpoint database = freshDatabase();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(IdentityApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.jmx.enabled=false",
                "--logging.level.root=WARN",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password())) {
            IdentityClient client = new IdentityClient(
                    Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port")));
            // One account per client: attempts in flight count against their (account, address)
            // until they succeed, so many concurrent logins of one account would lock it.
            String password = "benchmark passphrase " + UUID.randomUUID();
            List<String> emails = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String email = "bench-" + UUID.randomUUID() + "@example.test";
                require(client.register(email, password).status(), 201);
                emails.add(email);
            }
            for (int i = 0; i < warmup; i++) {
                require(client.login(emails.get(i % threads), password).status(), 200);
            }

            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String email = emails.get(t);
                    runs.add(pool.submit(() -> {
                        for (int i = 0; i < loginsPerThread; i++) {
                            long begin = System.nanoTime();
                            require(client.login(email, password).status(), 200);
                            latencies.add(System.nanoTime() - begin);
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT,
                    "LoginBenchmark: %d threads x %d logins = %d in %.1f s: %.1f logins/s, p50 %.1f ms, p99 %.1f ms, "
                            + "max %.1f ms (Argon2id m=19456 KiB, t=2, p=1; %d cores)%n",
                    threads, loginsPerThread, sorted.size(), seconds, sorted.size() / seconds,
                    percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.getLast() / 1e6,
                    Runtime.getRuntime().availableProcessors());
        }
        System.exit(0);
    }

    private static double percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    private static void require(int status, int expected) {
        if (status != expected) {
            throw new IllegalStateException("expected HTTP " + expected + " but got " + status);
        }
    }

    private static PostgresEndpoint freshDatabase() throws Exception {
        return RealServers.get().postgres().createDatabase("identity_bench");
    }
}
