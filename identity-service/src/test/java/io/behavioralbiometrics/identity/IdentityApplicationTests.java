package io.behavioralbiometrics.identity;

import static io.behavioralbiometrics.identity.IdentityClient.jwtPart;
import static io.behavioralbiometrics.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.identity.IdentityClient.Response;
import io.behavioralbiometrics.testsupport.ManagementEndpoints;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.JsonNode;

@IdentityIntegrationTest
class IdentityApplicationTests {

    @LocalServerPort
    int port;

    @Value("${local.management.port}")
    int managementPort;

    @Autowired
    ApplicationContext context;

    IdentityClient client;

    @BeforeEach
    void client() {
        client = new IdentityClient(port);
    }

    @Test
    void actuatorIsServedOnTheManagementPortOnlyAndAUserTokenDoesNotOpenItOnThePublicPort() {
        ManagementEndpoints.assertServedOnTheManagementPortOnly(port, managementPort);
        String token = client.register(uniqueEmail("metrics"), "correct horse battery staple").text("accessToken");
        Response withToken = client.get("/actuator/prometheus", token);
        assertThat(withToken.status()).isEqualTo(404);
    }

    @Test
    void noGeneratedDefaultUserExists() {
        assertThat(context.getBeansOfType(UserDetailsService.class)).isEmpty();
    }

    @Test
    void openApiAndSwaggerUiArePublic() {
        Response docs = client.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/auth/login").contains("/api/auth/refresh")
                .contains("/.well-known/jwks.json");
        assertThat(client.get("/swagger-ui.html").status()).isIn(200, 302);
        assertThat(client.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void corsAllowsTheDemoPageOnAuthEndpointsOnly() {
        Response allowed = preflight("http://localhost:8080");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:8080");
        Response denied = preflight("https://evil.example");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void rotateKeysRequiresAnAdministratorAndKeepsBothKeysPublished() {
        Response anonymous = client.post("/api/admin/keys/rotate", Map.of(), null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        Response user = client.register(uniqueEmail("notadmin"), "correct horse battery staple");
        Response forbidden = client.post("/api/admin/keys/rotate", Map.of(), user.text("accessToken"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.text("status")).isEqualTo("403");
        Response forged = client.post("/api/admin/keys/rotate", Map.of(), user.text("accessToken") + "x");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.header("WWW-Authenticate")).contains("invalid_token");

        Response admin = client.admin();
        String oldToken = admin.text("accessToken");
        String oldKid = jwtPart(oldToken, 0).get("kid").asString();
        Response rotated = client.post("/api/admin/keys/rotate", Map.of(), oldToken);
        assertThat(rotated.status()).isEqualTo(200);
        String newKid = rotated.text("kid");
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(rotated.text("previousKid")).isEqualTo(oldKid);

        assertThat(publishedKids()).contains(oldKid, newKid);
        Response afterRotation = client.admin();
        assertThat(jwtPart(afterRotation.text("accessToken"), 0).get("kid").asString()).isEqualTo(newKid);
        // A token signed with the previous key still authenticates.
        assertThat(client.post("/api/auth/logout-all", Map.of(), oldToken).status()).isEqualTo(204);
    }

    private List<String> publishedKids() {
        List<String> kids = new ArrayList<>();
        for (JsonNode key : client.get("/.well-known/jwks.json").json().get("keys")) {
            kids.add(key.get("kid").asString());
        }
        return kids;
    }

    private Response preflight(String origin) {
        return client.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/auth/login"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build());
    }
}
