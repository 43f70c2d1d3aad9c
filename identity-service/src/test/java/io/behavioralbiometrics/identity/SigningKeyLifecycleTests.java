package io.behavioralbiometrics.identity;

import static io.behavioralbiometrics.identity.IdentityClient.jwtPart;
import static io.behavioralbiometrics.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.behavioralbiometrics.identity.IdentityClient.Response;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import io.behavioralbiometrics.testsupport.RealServers;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Key creation, persistence and rotation, each on a database of its own so the key state
 * of other tests does not interfere, with applications started and stopped by the test.
 */
class SigningKeyLifecycleTests {

    @Test
    void twoReplicasStartingAtOnceShareOneKeyThatSurvivesARestart() throws Exception {
        PostgresEndpoint database = freshDatabase();
        CompletableFuture<ConfigurableApplicationContext> first = CompletableFuture.supplyAsync(() -> start(database));
        CompletableFuture<ConfigurableApplicationContext> second = CompletableFuture.supplyAsync(() -> start(database));
        String kid;
        try (ConfigurableApplicationContext a = first.join(); ConfigurableApplicationContext b = second.join()) {
            List<String> kidsA = publishedKids(client(a));
            assertThat(kidsA).hasSize(1);
            assertThat(publishedKids(client(b))).isEqualTo(kidsA);
            assertThat(activeKeyCount(database)).isEqualTo(1);
            kid = kidsA.getFirst();
        }

        try (ConfigurableApplicationContext restarted = start(database)) {
            IdentityClient client = client(restarted);
            assertThat(publishedKids(client)).containsExactly(kid);
            Response registered = client.register(uniqueEmail("restart"), "correct horse battery staple");
            assertThat(jwtPart(registered.text("accessToken"), 0).get("kid").asString()).isEqualTo(kid);
        }
    }

    @Test
    void rotatedKeyStaysPublishedUntilItsTokensExpireThenLeaves() throws Exception {
        PostgresEndpoint database = freshDatabase();
        // Short-lived access tokens so the old key's retirement can be watched; keys encrypted at rest.
        try (ConfigurableApplicationContext app = start(database,
                "bb.identity.access-token-ttl=20s", "bb.identity.clock-skew=1s",
                "bb.identity.keys.encryption-key=" + Base64.getEncoder().encodeToString(new byte[32]))) {
            IdentityClient client = client(app);
            Response admin = client.admin();
            assertThat(admin.status()).isEqualTo(200);
            Response user = client.register(uniqueEmail("rotation"), "correct horse battery staple");
            String oldToken = user.text("accessToken");
            String oldKid = jwtPart(oldToken, 0).get("kid").asString();
            Instant oldTokenExpiry = Instant.parse(user.text("accessTokenExpiresAt"));

            Response rotated = client.post("/api/admin/keys/rotate", Map.of(), admin.text("accessToken"));
            assertThat(rotated.status()).isEqualTo(200);
            String newKid = rotated.text("kid");
            assertThat(Instant.parse(rotated.text("previousPublishedUntil"))).isAfterOrEqualTo(oldTokenExpiry);

            assertThat(publishedKids(client)).containsExactlyInAnyOrder(oldKid, newKid);
            assertThat(keyProtections(database)).containsExactly("AES256_GCM", "AES256_GCM");
            DefaultJWTProcessor<SecurityContext> processor = processor(client);
            assertThat(processor.process(oldToken, null).getSubject()).isEqualTo(user.text("userId"));
            String newToken = client.login(user.text("email"), "correct horse battery staple").text("accessToken");
            assertThat(jwtPart(newToken, 0).get("kid").asString()).isEqualTo(newKid);
            assertThat(processor.process(newToken, null).getSubject()).isEqualTo(user.text("userId"));

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !publishedKids(client).contains(oldKid));
            assertThat(Instant.now()).as("the old key left only after its tokens expired").isAfter(oldTokenExpiry);
            assertThat(publishedKids(client)).containsExactly(newKid);
        }
    }

    @Test
    void storedUnencryptedKeysAreRefusedOnceAnEncryptionKeyIsSet() throws Exception {
        PostgresEndpoint database = freshDatabase();
        String plainKid;
        try (ConfigurableApplicationContext plain = start(database)) {
            plainKid = publishedKids(client(plain)).getFirst();
        }
        assertThat(keyProtections(database)).containsExactly("NONE");
        String kek = "bb.identity.keys.encryption-key=" + Base64.getEncoder().encodeToString(new byte[32]);

        try (ConfigurableApplicationContext sealed = start(database, kek)) {
            IdentityClient client = client(sealed);
            List<String> kids = publishedKids(client);
            assertThat(kids).as("the unencrypted key is neither published nor used").hasSize(1).doesNotContain(plainKid);
            Response user = client.register(uniqueEmail("sealed"), "correct horse battery staple");
            assertThat(jwtPart(user.text("accessToken"), 0).get("kid").asString()).isEqualTo(kids.getFirst());
            assertThat(keyProtections(database)).containsExactlyInAnyOrder("NONE", "AES256_GCM");

            // Someone with write access to the table but not the key adds a key pair of theirs.
            String planted = insertPublishedKey(database, "NONE");
            String forgedSeal = insertPublishedKey(database, "AES256_GCM");
            assertThat(publishedKids(client)).containsExactlyElementsOf(kids).doesNotContain(planted, forgedSeal);
        }
    }

    /** A published, retired key the service did not create: an attacker's, unencrypted or with a made-up seal. */
    private static String insertPublishedKey(PostgresEndpoint database, String protection) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        String kid = UUID.randomUUID().toString();
        byte[] privateKey = "NONE".equals(protection) ? pair.getPrivate().getEncoded() : new byte[80];
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
                PreparedStatement insert = connection.prepareStatement("""
                        insert into identity.signing_keys (kid, algorithm, public_key, private_key,
                            private_key_protection, active, created_at, retired_at, publish_until)
                        values (?, 'ES256', ?, ?, ?, false, now(), now(), now() + interval '1 hour')""")) {
            insert.setString(1, kid);
            insert.setBytes(2, pair.getPublic().getEncoded());
            insert.setBytes(3, privateKey);
            insert.setString(4, protection);
            insert.executeUpdate();
        }
        return kid;
    }

    private static DefaultJWTProcessor<SecurityContext> processor(IdentityClient client) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                JWKSourceBuilder.create(URI.create(client.baseUrl() + "/.well-known/jwks.json").toURL())
                        .build()));
        return processor;
    }

    static List<String> publishedKids(IdentityClient client) {
        List<String> kids = new ArrayList<>();
        for (JsonNode key : client.get("/.well-known/jwks.json").json().get("keys")) {
            kids.add(key.get("kid").asString());
        }
        return kids;
    }

    static IdentityClient client(ConfigurableApplicationContext app) {
        return new IdentityClient(Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port")));
    }

    static ConfigurableApplicationContext start(PostgresEndpoint database, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "management.server.port=0",
                "spring.jmx.enabled=false",
                "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + database.username(),
                "spring.datasource.password=" + database.password()));
        // Repeated command-line options are joined, so the default administrator only when not overridden.
        if (Stream.of(extra).noneMatch(p -> p.startsWith("bb.identity.admin-user-ids="))) {
            properties.add("bb.identity.admin-user-ids=" + IdentityIntegrationTest.ADMIN_USER_ID_TEXT);
        }
        properties.addAll(List.of(extra));
        // Command-line arguments, so they take precedence over application.yml.
        return new SpringApplicationBuilder(IdentityApplication.class, AdminAccountSeed.class)
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    static PostgresEndpoint freshDatabase() throws SQLException {
        return RealServers.get().postgres().createDatabase("identity");
    }

    static List<String> keyProtections(PostgresEndpoint database) throws SQLException {
        List<String> protections = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select private_key_protection from identity.signing_keys")) {
            while (rows.next()) {
                protections.add(rows.getString(1));
            }
        }
        return protections;
    }

    static int activeKeyCount(PostgresEndpoint database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from identity.signing_keys where active")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
