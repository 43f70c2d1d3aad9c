package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.risk.evaluate.Roc;
import io.behavioralbiometrics.risk.features.FeatureExtractor;
import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.ModelHyperparameters;
import io.behavioralbiometrics.risk.model.UserModel;
import io.behavioralbiometrics.testsupport.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The API scores exactly as {@code evaluate} does. Owners' sessions go through the real
 * WebSocket into PostgreSQL, every owner's model is trained with {@code POST /model/train}
 * and held-out sessions (the owner's own and every other owner's) are scored with
 * {@code POST /model/score}; the same rows are then fitted and scored in this JVM with the
 * production feature and model code, and both must give the same risks and the same AUC.
 *
 * <p>A stack of its own, so the background pool holds these owners only. Every owner trains
 * twice: the first round enrols all of them in the pool, the second gives each a background
 * model learnt against the five others (the default {@code min-users}). The impostors are
 * enrolled users, so this is the "enrolled attacker" protocol; what is compared is the code
 * path, not the figure.
 */
class ApiAccuracyTests {

    private static final int OWNERS = 6;
    private static final int TRAINING_SESSIONS = 2;
    private static final int TRAINING_MOVEMENTS = 80;
    private static final int TEST_SESSIONS = 3;
    private static final int TEST_MOVEMENTS = 25;
    private static final String PASSWORD = "accurate enough passphrase";
    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor();

    private static LocalStack stack;

    private record Owner(StackClient.Session session, List<List<BehavioralEvent>> training,
            List<List<BehavioralEvent>> tests) {
    }

    @BeforeAll
    static void startStack() throws IOException {
        StackOptions options = StackOptions.defaults(Path.of("..").toAbsolutePath().normalize())
                .withPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free())
                .withDataDirectory(Files.createTempDirectory("bb-api-accuracy-"), false)
                // A second training of each owner follows the first at once.
                .withServiceArguments(List.of("--bb.risk.training.cooldown=0s",
                        "--bb.ingest.events-per-second=100000", "--bb.ingest.event-burst=100000"));
        stack = LocalStack.start(options);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void riskAndAucThroughTheApiShouldEqualTheOfflineEvaluation() throws Exception {
        StackClient client = new StackClient(stack.options());
        List<Owner> owners = enrol(client);

        for (int round = 1; round <= 2; round++) {
            for (Owner owner : owners) {
                StackClient.Reply trained = client.train(owner.session());
                assertThat(trained.status()).as("round %d: %s", round, trained.body()).isEqualTo(200);
                if (round == 2) {
                    JsonNode mouse = model(trained.body(), FeatureSet.MOUSE);
                    assertThat(mouse.path("modelKind").asString()).as(trained.body().toString()).isEqualTo("BACKGROUND");
                    assertThat(mouse.path("backgroundUsers").asInt()).isEqualTo(OWNERS - 1);
                }
            }
        }

        List<Double> apiGenuine = new ArrayList<>();
        List<Double> apiImpostor = new ArrayList<>();
        List<Double> offlineGenuine = new ArrayList<>();
        List<Double> offlineImpostor = new ArrayList<>();
        for (Owner owner : owners) {
            UserModel offline = offlineModel(owner, owners);
            for (Owner other : owners) {
                for (List<BehavioralEvent> test : other.tests()) {
                    StackClient.Reply scored = client.score(owner.session(), test);
                    assertThat(scored.status()).as("score: %s", scored.body()).isEqualTo(200);
                    assertThat(scored.body().path("featureSet").asString()).isEqualTo(FeatureSet.MOUSE.name());
                    assertThat(scored.body().path("modelKind").asString()).isEqualTo("BACKGROUND");
                    double api = scored.body().path("risk").asDouble();
                    double local = offline.sessionRisk(EXTRACTOR.extract(FeatureSet.MOUSE, test));
                    assertThat(api).as("the API's risk of one session is the offline code's").isCloseTo(local,
                            within(1e-9));
                    (owner == other ? apiGenuine : apiImpostor).add(api);
                    (owner == other ? offlineGenuine : offlineImpostor).add(local);
                }
            }
        }

        double apiAuc = Roc.of(flat(apiGenuine), flat(apiImpostor)).auc();
        double offlineAuc = Roc.of(flat(offlineGenuine), flat(offlineImpostor)).auc();
        System.out.printf("API-path accuracy over %d genuine and %d impostor sessions: AUC %.4f (offline %.4f)%n",
                apiGenuine.size(), apiImpostor.size(), apiAuc, offlineAuc);
        assertThat(apiAuc).isCloseTo(offlineAuc, within(0.01));
        // The owners move differently enough for the comparison to be about detection, not chance.
        assertThat(apiAuc).isGreaterThan(0.7);
    }

    /** Registers the owners and streams their training sessions; their held-out sessions stay in memory. */
    private static List<Owner> enrol(StackClient client) throws Exception {
        List<Owner> owners = new ArrayList<>();
        // Minutes apart and in the past, so the reader's client-time order is the order written here.
        long start = Instant.now().minus(Duration.ofHours(3)).toEpochMilli();
        for (int i = 0; i < OWNERS; i++) {
            String email = "accuracy-" + i + "-" + UUID.randomUUID() + "@example.com";
            client.register(email, PASSWORD);
            StackClient.Session session = client.login(email, PASSWORD);
            SyntheticMouse.Profile profile = profile(i);
            List<List<BehavioralEvent>> training = new ArrayList<>();
            List<List<BehavioralEvent>> tests = new ArrayList<>();
            for (int s = 0; s < TRAINING_SESSIONS + TEST_SESSIONS; s++) {
                List<BehavioralEvent> events = new SyntheticMouse(profile, 1000L * i + s, start + 600_000L * s)
                        .movements(s < TRAINING_SESSIONS ? TRAINING_MOVEMENTS : TEST_MOVEMENTS);
                (s < TRAINING_SESSIONS ? training : tests).add(events);
            }
            try (StackClient.Ingest ingest = client.connect(session)) {
                for (List<BehavioralEvent> events : training) {
                    ingest.stream(UUID.randomUUID(), events, 100, Duration.ofSeconds(60));
                }
            }
            owners.add(new Owner(session, training, tests));
        }
        for (Owner owner : owners) {
            long expected = owner.training().stream().mapToLong(List::size).sum();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(
                    LocalStackEndToEndTests.storedEvents(stack.postgres(), owner.session().userId()))
                    .isEqualTo(expected));
        }
        return owners;
    }

    /**
     * What the risk engine fits for {@code owner}, rebuilt here: the owner's rows, session by
     * session in time order, against every other owner's rows in the pool's order (user ids
     * as PostgreSQL sorts uuids, unsigned). Each owner has fewer rows than the pool's
     * {@code rows-per-user}, so the pool holds them all, unthinned.
     */
    private static UserModel offlineModel(Owner owner, List<Owner> owners) {
        List<double[]> own = rows(owner);
        List<List<double[]>> background = owners.stream()
                .filter(other -> other != owner)
                .sorted(Comparator.comparing((Owner other) -> other.session().userId(), ApiAccuracyTests::unsigned))
                .map(ApiAccuracyTests::rows)
                .toList();
        background.forEach(rows -> assertThat(rows).hasSizeLessThan(500));
        return UserModel.fit(FeatureSet.MOUSE, own, background, ModelHyperparameters.DEFAULTS);
    }

    private static List<double[]> rows(Owner owner) {
        List<double[]> rows = new ArrayList<>();
        for (List<BehavioralEvent> session : owner.training()) {
            rows.addAll(EXTRACTOR.extract(FeatureSet.MOUSE, session));
        }
        return rows;
    }

    private static int unsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /**
     * Six movers close together on the way from Alice's quick, straight style to Bob's slow,
     * curvy one (the last a tenth of the way), so neighbours are hard to tell apart and the
     * AUC compared is not trivially 1.
     */
    private static SyntheticMouse.Profile profile(int i) {
        SyntheticMouse.Profile a = SyntheticMouse.Profile.ALICE;
        SyntheticMouse.Profile b = SyntheticMouse.Profile.BOB;
        double f = 0.1 * i / (OWNERS - 1);
        return new SyntheticMouse.Profile("owner-" + i, mix(a.msPerLog2Distance(), b.msPerLog2Distance(), f),
                mix(a.bow(), b.bow(), f), mix(a.tremorPx(), b.tremorPx(), f), mix(a.pauseMs(), b.pauseMs(), f),
                mix(a.clickHoldMs(), b.clickHoldMs(), f));
    }

    private static double mix(double a, double b, double f) {
        return a + (b - a) * f;
    }

    private static JsonNode model(JsonNode trained, FeatureSet set) {
        for (JsonNode model : trained.path("models")) {
            if (model.path("featureSet").asString().equals(set.name())) {
                return model;
            }
        }
        throw new AssertionError("no " + set + " model in " + trained);
    }

    private static double[] flat(List<Double> risks) {
        return risks.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
