package io.behavioralbiometrics.identity;

import static io.behavioralbiometrics.identity.IdentityClient.jwtPart;
import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.identity.IdentityClient.Response;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The admin role follows {@code bb.identity.admin-user-ids} only: an address, listed or not,
 * grants nothing, so nobody becomes an administrator by registering an email first.
 */
@IdentityIntegrationTest
class AdministratorTests {

    private static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    IdentityClient client;

    @BeforeEach
    void client() {
        client = new IdentityClient(port);
    }

    @Test
    void registeringAnAddressListedInTheOldEmailSettingGrantsNothing() {
        Response registered = client.register(IdentityIntegrationTest.SQUATTED_ADMIN_EMAIL, PASSWORD);
        assertThat(registered.status()).isEqualTo(201);
        assertThat(roles(registered)).containsExactly("user");
        Response loggedIn = client.login(IdentityIntegrationTest.SQUATTED_ADMIN_EMAIL, PASSWORD);
        assertThat(roles(loggedIn)).containsExactly("user");
        assertThat(client.post("/api/admin/keys/rotate", Map.of(), loggedIn.text("accessToken")).status())
                .isEqualTo(403);
        Response export = client.get("/api/users/me/data", loggedIn.text("accessToken"));
        assertThat(export.json().get("roles").toString()).isEqualTo("[\"user\"]");
    }

    @Test
    void listedUserIdIsAdministratorAtLoginRefreshAndInItsExport() {
        Response admin = client.admin();
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.text("userId")).isEqualTo(IdentityIntegrationTest.ADMIN_USER_ID_TEXT);
        assertThat(roles(admin)).containsExactly("user", "admin");
        Response refreshed = client.refresh(admin.text("refreshToken"));
        assertThat(roles(refreshed)).containsExactly("user", "admin");
        Response export = client.get("/api/users/me/data", refreshed.text("accessToken"));
        assertThat(export.json().get("roles").toString()).isEqualTo("[\"user\",\"admin\"]");
    }

    @Test
    void removingAnIdFromTheListRevokesTheRoleAtTheNextRefresh() throws Exception {
        PostgresEndpoint database = SigningKeyLifecycleTests.freshDatabase();
        String refreshToken;
        try (ConfigurableApplicationContext listed = SigningKeyLifecycleTests.start(database)) {
            Response admin = SigningKeyLifecycleTests.client(listed).admin();
            assertThat(roles(admin)).containsExactly("user", "admin");
            refreshToken = admin.text("refreshToken");
        }
        try (ConfigurableApplicationContext unlisted = SigningKeyLifecycleTests.start(database,
                "bb.identity.admin-user-ids=")) {
            Response refreshed = SigningKeyLifecycleTests.client(unlisted).refresh(refreshToken);
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(roles(refreshed)).containsExactly("user");
        }
    }

    private static List<String> roles(Response response) {
        JsonNode claims = jwtPart(response.text("accessToken"), 1);
        List<String> roles = new ArrayList<>();
        claims.get("roles").forEach(role -> roles.add(role.asString()));
        return roles;
    }
}
