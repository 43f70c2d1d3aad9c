package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.ServerFrame;
import io.behavioralbiometrics.testsupport.HostileJson;
import io.behavioralbiometrics.testsupport.HostileTokens;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;

/**
 * The ingestor's part of the security test matrix (docs/security.md): every hostile token
 * is refused with 401 before the upgrade on both token paths, and every hostile JSON frame
 * gets an error frame (socket still usable) or the matching close code, with nothing stored.
 */
class IngestSecurityMatrixTests extends IngestIntegrationTest {

    private static final int MAX_FRAME = 64 * 1024;

    static Stream<Arguments> hostileTokensOnBothPaths() {
        Map<String, String> tokens = HostileTokens.forUser(tokens(), UUID.randomUUID());
        return tokens.entrySet().stream().flatMap(token -> Stream.of(
                Arguments.of(token.getKey(), "?token=", token.getValue()),
                Arguments.of(token.getKey(), "Sec-WebSocket-Protocol", token.getValue())));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("hostileTokensOnBothPaths")
    void hostileTokenShouldGet401BeforeTheUpgrade(String name, String path, String token) {
        String failure;
        if (path.equals("?token=")) {
            failure = IngestClient.handshakeFailure(IngestClient.uri(port, token), new WebSocketHttpHeaders());
        } else {
            WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
            headers.setSecWebSocketProtocol(List.of("bb.v1", "bearer." + token));
            failure = IngestClient.handshakeFailure(IngestClient.uri(port), headers);
        }

        assertThat(failure).as(name).contains("401");
    }

    @Test
    void genuineTokenShouldConnectOnBothPathsSoTheMatrixTestsOneFlawAtATime() {
        String token = HostileTokens.genuine(tokens().key(), UUID.randomUUID());
        try (IngestClient query = IngestClient.connect(port, token);
                IngestClient protocol = IngestClient.connectWithSubprotocol(port, token)) {
            assertThat(query.isOpen()).isTrue();
            assertThat(protocol.isOpen()).isTrue();
        }
    }

    @Test
    void hostileFramesThatFitAFrameShouldGetAnErrorFrameAndStoreNothing() {
        UUID session = UUID.randomUUID();
        long lengthBefore = streamLength();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            for (Map.Entry<String, byte[]> entry : HostileJson.bodiesUpTo(MAX_FRAME).entrySet()) {
                String text = utf8OrNull(entry.getValue());
                if (text == null) {
                    continue;
                }
                sent++;
                int before = client.frames().size();
                client.send(text);
                ServerFrame reply = client.awaitFrame(ServerFrame.class, frame -> true, before);
                if (!(reply instanceof ServerFrame.Error error) || !error.code().startsWith("invalid_")
                        || HostileJson.leakIn(error.message()) != null || error.message().length() > 500) {
                    failures.add(entry.getKey() + " -> " + reply);
                }
            }
            assertThat(failures).as("hostile frames answered with something else than a clean error").isEmpty();
            assertThat(client.isOpen()).isTrue();
            assertThat(client.request(Frames.json(Frames.batch(session, 1, 1)), 1)).isEqualTo(new ServerFrame.Ack(1));
        }
        assertThat(sent).isGreaterThanOrEqualTo(25);
        assertThat(streamLength()).isEqualTo(lengthBefore + 1);
        assertThat(storedBatches(session)).extracting(IngestedBatch::seq).containsExactly(1L);
    }

    static Stream<Arguments> oversizedBodies() {
        return HostileJson.bodies().entrySet().stream().filter(entry -> entry.getValue().length > MAX_FRAME)
                .map(entry -> Arguments.of(entry.getKey()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oversizedBodies")
    void hostileFrameLargerThanTheLimitShouldCloseWith1009AndStoreNothing(String name) {
        String text = new String(HostileJson.bodies().get(name), StandardCharsets.UTF_8);
        long lengthBefore = streamLength();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            try {
                client.send(text);
            } catch (IllegalStateException | java.io.UncheckedIOException e) {
                // The server may close the socket before the client has finished writing the frame.
            }

            assertThat(client.awaitClose().getCode()).as(name).isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
        }
        assertThat(streamLength()).isEqualTo(lengthBefore);
        try (IngestClient next = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            assertThat(next.request(Frames.json(Frames.batch(UUID.randomUUID(), 3, 1)), 3))
                    .isEqualTo(new ServerFrame.Ack(3));
        }
    }

    static Stream<Arguments> invalidUtf8Bodies() {
        return HostileJson.bodiesUpTo(MAX_FRAME).entrySet().stream().filter(entry -> utf8OrNull(entry.getValue()) == null)
                .map(entry -> Arguments.of(entry.getKey()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8Bodies")
    void textFrameWithInvalidUtf8ShouldCloseWith1007AndStoreNothing(String name) throws IOException {
        long lengthBefore = streamLength();

        int code = rawTextFrameCloseCode(HostileJson.bodies().get(name));

        assertThat(code).as(name).isEqualTo(CloseStatus.BAD_DATA.getCode());
        assertThat(streamLength()).isEqualTo(lengthBefore);
    }

    private static @Nullable String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Sends {@code payload} as one text frame over a raw socket (a client library refuses to) and reads the close code. */
    private int rawTextFrameCloseCode(byte[] payload) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
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

            out.write(maskedTextFrame(payload));
            out.flush();
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0F;
                int length = in.readUnsignedByte() & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                }
                byte[] body = new byte[length];
                in.readFully(body);
                if (opcode == 0x8) {
                    return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                }
            }
        }
    }

    private static byte[] maskedTextFrame(byte[] payload) {
        assertThat(payload.length).isLessThan(65_536);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        boolean extended = payload.length > 125;
        byte[] frame = new byte[2 + (extended ? 2 : 0) + 4 + payload.length];
        int at = 0;
        frame[at++] = (byte) 0x81;
        if (extended) {
            frame[at++] = (byte) (0x80 | 126);
            frame[at++] = (byte) (payload.length >>> 8);
            frame[at++] = (byte) payload.length;
        } else {
            frame[at++] = (byte) (0x80 | payload.length);
        }
        System.arraycopy(mask, 0, frame, at, 4);
        at += 4;
        for (int i = 0; i < payload.length; i++) {
            frame[at + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            headers.append((char) in.read());
        }
        return headers.toString();
    }
}
