package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.behavioralbiometrics.testsupport.TestTokenIssuer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.WebSocketHttpHeaders;

class IngestHandshakeTests extends IngestIntegrationTest {

    @Test
    void rootShouldAnswerTheHealthText() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"ok\"").contains("\"service\":\"ingestor\"");
    }

    @Test
    void handshakeWithoutTokenShouldFailWith401() {
        assertThat(IngestClient.handshakeFailure(IngestClient.uri(port), new WebSocketHttpHeaders())).contains("401");
    }

    @Test
    void handshakeWithExpiredTokenShouldFailWith401() {
        String expired = tokens().accessToken(UUID.randomUUID(), claims -> claims
                .issueTime(Date.from(Instant.now().minusSeconds(1200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(300))));

        assertThat(failure(expired)).contains("401");
    }

    @Test
    void handshakeWithTokenSignedByAnotherKeyShouldFailWith401() throws JOSEException {
        ECKey otherKey = new ECKeyGenerator(Curve.P_256).keyID(tokens().key().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(otherKey.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), new JWTClaimsSet.Builder()
                .issuer(TestTokenIssuer.ISSUER).audience(TestTokenIssuer.AUDIENCE)
                .subject(UUID.randomUUID().toString()).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        forged.sign(new ECDSASigner(otherKey));

        assertThat(failure(forged.serialize())).contains("401");
    }

    @Test
    void handshakeWithTokenForAnotherAudienceShouldFailWith401() {
        String token = tokens().accessToken(UUID.randomUUID(), claims -> claims.audience("some-other-service"));

        assertThat(failure(token)).contains("401");
    }

    @Test
    void handshakeWithBadTokenAsSubprotocolShouldFailWith401() {
        String expired = tokens().accessToken(UUID.randomUUID(), claims -> claims
                .expirationTime(Date.from(Instant.now().minusSeconds(300))));
        WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
        headers.setSecWebSocketProtocol(List.of("bb.v1", "bearer." + expired));

        assertThat(IngestClient.handshakeFailure(IngestClient.uri(port), headers)).contains("401");
    }

    @Test
    void handshakeFromDisallowedOriginShouldFailWith403() {
        WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
        headers.setOrigin("http://evil.example");

        String failure = IngestClient.handshakeFailure(
                IngestClient.uri(port, tokens().accessToken(UUID.randomUUID())), headers);

        assertThat(failure).contains("403");
    }

    @Test
    void handshakeFromConfiguredOriginShouldBeAccepted() {
        WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
        headers.setOrigin("http://localhost:8080");
        try (IngestClient client = IngestClient.connect(IngestClient.uri(port, tokens().accessToken(UUID.randomUUID())),
                headers)) {
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void handshakeBeyondMaxConnectionsPerUserShouldFailWith429() {
        UUID user = UUID.randomUUID();
        List<IngestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                open.add(IngestClient.connect(port, tokens().accessToken(user)));
            }

            assertThat(failure(tokens().accessToken(user))).contains("429");
            // Another user is not affected.
            try (IngestClient other = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
                assertThat(other.isOpen()).isTrue();
            }
        } finally {
            open.forEach(IngestClient::close);
        }
    }

    @Test
    void socketThatStopsAnsweringPingsShouldBeClosedAsIdle() throws IOException {
        // A raw socket: unlike a WebSocket client library, it never answers pings.
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16)
                    .getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws/ingest?token=" + tokens().accessToken(UUID.randomUUID()) + " HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 101");

            int pings = 0;
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0F;
                byte[] payload = new byte[in.readUnsignedByte() & 0x7F];
                in.readFully(payload);
                if (opcode == 0x9) {
                    pings++;
                } else if (opcode == 0x8) {
                    int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                    assertThat(code).isEqualTo(1001);
                    assertThat(pings).isGreaterThanOrEqualTo(1);
                    return;
                }
            }
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            headers.append((char) in.read());
        }
        return headers.toString();
    }

    private String failure(String token) {
        return IngestClient.handshakeFailure(IngestClient.uri(port, token), new WebSocketHttpHeaders());
    }
}
