package io.behavioralbiometrics.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Request bodies no JSON endpoint may choke on, each named by what is wrong with it, for
 * the security test matrix of each service: every one must get a specific 4xx problem
 * (or, on a socket, an error frame or close code), never a 5xx, a stack trace or the
 * input echoed back. Built once per JVM; the largest is a little over 10 MB.
 */
public final class HostileJson {

    /** Larger than any body or frame a service accepts. */
    public static final int TEN_MB = 10 * 1024 * 1024;

    /**
     * What a response body must not contain: exception class names, stack frames,
     * framework packages. Checked case-sensitively so ordinary words do not match.
     */
    public static final List<Pattern> LEAKS = List.of(
            Pattern.compile("Exception"), Pattern.compile("\\bat [a-z]+\\.[a-z]"), Pattern.compile("org\\.springframework"),
            Pattern.compile("tools\\.jackson"), Pattern.compile("com\\.fasterxml"), Pattern.compile("java\\.[a-z]+\\."),
            Pattern.compile("io\\.behavioralbiometrics"), Pattern.compile("org\\.apache"),
            Pattern.compile("StreamReadConstraints"));

    private static volatile Map<String, byte[]> bodies;

    private HostileJson() {
    }

    /** Name → body, in a fixed order. The arrays are shared: do not modify them. */
    public static Map<String, byte[]> bodies() {
        Map<String, byte[]> result = bodies;
        if (result == null) {
            synchronized (HostileJson.class) {
                if (bodies == null) {
                    bodies = build();
                }
                result = bodies;
            }
        }
        return result;
    }

    /** The bodies of at most {@code maxBytes}, e.g. those that fit in one WebSocket frame. */
    public static Map<String, byte[]> bodiesUpTo(int maxBytes) {
        Map<String, byte[]> small = new LinkedHashMap<>();
        bodies().forEach((name, body) -> {
            if (body.length <= maxBytes) {
                small.put(name, body);
            }
        });
        return small;
    }

    /** The first pattern of {@link #LEAKS} found in {@code body}, or {@code null}. */
    public static @Nullable String leakIn(String body) {
        for (Pattern leak : LEAKS) {
            if (leak.matcher(body).find()) {
                return leak.pattern();
            }
        }
        return null;
    }

    private static Map<String, byte[]> build() {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("empty body", new byte[0]);
        cases.put("whitespace only", utf8("  \r\n\t "));
        cases.put("truncated object", utf8("{\"email\":\"a@example.test\",\"pass"));
        cases.put("truncated string", utf8("{\"events\":[{\"type\":\"mousemove"));
        cases.put("top level array", utf8("[1,2,3]"));
        cases.put("top level string", utf8("\"hello\""));
        cases.put("top level number", utf8("42"));
        cases.put("top level null", utf8("null"));
        cases.put("not JSON (XML)", utf8("<?xml version=\"1.0\"?><a/>"));
        cases.put("single quotes", utf8("{'email':'a@example.test'}"));
        cases.put("comments", utf8("{/* hidden */\"a\":1}"));
        cases.put("NaN literal", utf8("{\"a\":NaN}"));
        cases.put("trailing comma", utf8("{\"a\":1,}"));
        cases.put("trailing garbage", utf8("{\"a\":1} {\"a\":2}"));
        cases.put("duplicated keys", utf8("{\"a\":1,\"a\":2}"));
        cases.put("duplicated keys with different values", utf8(
                "{\"email\":\"a@example.test\",\"email\":\"b@example.test\",\"events\":[],\"events\":null}"));
        cases.put("raw NUL byte inside a string", concat(utf8("{\"a\":\"x"), new byte[] {0}, utf8("y\"}")));
        cases.put("raw NUL byte before the document", concat(new byte[] {0}, utf8("{}")));
        cases.put("escaped NUL in a key", utf8("{\"a\\u0000\":1}"));
        cases.put("UTF-8 BOM then a wrong document", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("[]")));
        cases.put("UTF-16 BOM", new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'});
        cases.put("invalid UTF-8 (lone continuation and 0xFF)", concat(utf8("{\"a\":\""),
                new byte[] {(byte) 0x80, (byte) 0xC3, (byte) 0x28, (byte) 0xFF}, utf8("\"}")));
        cases.put("overlong UTF-8 encoding of '/'", concat(utf8("{\"a\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF},
                utf8("\"}")));
        cases.put("UTF-8 encoded surrogate", concat(utf8("{\"a\":\""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                utf8("\"}")));
        cases.put("lone surrogate escapes", utf8("{\"a\":\"\\uD800\\uDFFF\\uDC00\",\"email\":\"\\uD800@example.test\"}"));
        cases.put("1e999999", utf8("{\"a\":1e999999}"));
        cases.put("-1e999999 in an array", utf8("{\"events\":[-1e999999]}"));
        cases.put("number with 1M digits", concat(utf8("{\"a\":"), repeat('9', 1_000_000), utf8("}")));
        cases.put("number with 1000-digit exponent", concat(utf8("{\"a\":1e"), repeat('9', 1000), utf8("}")));
        cases.put("deep nesting (100k [)", repeat('[', 100_000));
        cases.put("deep nesting (closed, 10k levels)", concat(repeat('[', 10_000), repeat(']', 10_000)));
        cases.put("deep nesting of objects", deepObjects(5_000));
        cases.put("key of 100k characters", concat(utf8("{\""), repeat('k', 100_000), utf8("\":1}")));
        cases.put("huge array (1M elements)", hugeArray(1_000_000));
        cases.put("10 MB string", concat(utf8("{\"email\":\""), repeat('a', TEN_MB), utf8("\"}")));
        return Collections.unmodifiableMap(cases);
    }

    private static byte[] deepObjects(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(depth * 8);
        for (int i = 0; i < depth; i++) {
            out.writeBytes(utf8("{\"a\":"));
        }
        out.writeBytes(utf8("1"));
        out.writeBytes(repeat('}', depth));
        return out.toByteArray();
    }

    private static byte[] hugeArray(int elements) {
        byte[] prefix = utf8("{\"events\":[");
        byte[] body = new byte[prefix.length + elements * 2 + 1];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        int at = prefix.length;
        for (int i = 0; i < elements; i++) {
            body[at++] = '0';
            body[at++] = i == elements - 1 ? (byte) ']' : (byte) ',';
        }
        body[at] = '}';
        return body;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] repeat(char c, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
