package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.testsupport.EmbeddedRedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One Redis ACL user per service on the embedded Redis, with the rules of
 * {@code docker/redis-users.acl} (the file compose loads too), and an admin user for the
 * launcher and its tests. Passwords are generated on the first start and kept, readable
 * by their owner only, in the data directory; the ACL file Redis loads holds their SHA-256.
 */
final class RedisUsers {

    /** The user of the launcher and the tests: every command, every key. */
    static final String ADMIN = "bb_admin";

    private static final String RULES = "redis/redis-users.acl";
    /** The kept passwords, in the data directory. */
    static final String PASSWORDS = "redis-users.secret";

    /** A user of the rules file: its name and its rules, without a password. */
    record User(String name, String rules) {
    }

    private RedisUsers() {
    }

    /** The ACL user of a service: {@code event-logger-service} connects as {@code bb_event_logger}. */
    static String of(String service) {
        return "bb_" + service.replaceFirst("-service$", "").replace('-', '_');
    }

    /** The users of {@code docker/redis-users.acl}, continuation lines joined, comments dropped. */
    static List<User> rules() {
        try (InputStream in = RedisUsers.class.getClassLoader().getResourceAsStream(RULES)) {
            if (in == null) {
                throw new IllegalStateException(RULES + " is missing from the local stack's jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<User> parse(String text) {
        List<User> users = new ArrayList<>();
        String name = null;
        StringBuilder rules = new StringBuilder();
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (line.startsWith("user ")) {
                if (name != null) {
                    users.add(new User(name, rules.toString().strip()));
                }
                String[] parts = trimmed.split("\\s+", 3);
                name = parts[1];
                rules = new StringBuilder(parts.length > 2 ? parts[2] : "");
            } else if (name == null) {
                throw new IllegalArgumentException("a rule before the first user: " + trimmed);
            } else {
                rules.append(' ').append(trimmed);
            }
        }
        if (name != null) {
            users.add(new User(name, rules.toString().strip()));
        }
        return users;
    }

    /**
     * Writes the ACL file for a server in {@code redisDirectory}, with the passwords kept in
     * {@code dataDirectory}, and says how the admin connects.
     */
    static Kept prepare(Path dataDirectory, Path redisDirectory) {
        List<User> users = rules();
        Map<String, String> passwords = keptPasswords(dataDirectory, users);
        StringBuilder acl = new StringBuilder();
        for (User user : users) {
            if (user.name().equals("default")) {
                acl.append("user default ").append(user.rules()).append('\n');
            } else {
                acl.append("user ").append(user.name()).append(" on #").append(sha256(passwords.get(user.name())))
                        .append(' ').append(user.rules()).append('\n');
            }
        }
        acl.append("user ").append(ADMIN).append(" on #").append(sha256(passwords.get(ADMIN)))
                .append(" ~* &* +@all\n");
        Path file = redisDirectory.resolve("users.acl");
        OwnerOnlyFiles.write(file, acl.toString());
        return new Kept(new EmbeddedRedisServer.Users(file, ADMIN, passwords.get(ADMIN)), passwords);
    }

    /** The ACL file and the password of each user. */
    record Kept(EmbeddedRedisServer.Users server, Map<String, String> passwords) {

        String passwordOf(String user) {
            String password = passwords.get(user);
            if (password == null) {
                throw new IllegalArgumentException("no Redis user " + user);
            }
            return password;
        }

        @Override
        public String toString() {
            return "Kept" + passwords.keySet();
        }
    }

    private static Map<String, String> keptPasswords(Path dataDirectory, List<User> users) {
        Path file = dataDirectory.resolve(PASSWORDS);
        Properties kept = new Properties();
        try {
            if (Files.exists(file)) {
                try (var reader = Files.newBufferedReader(file)) {
                    kept.load(reader);
                }
            }
            List<String> names = new ArrayList<>();
            users.stream().map(User::name).filter(name -> !name.equals("default")).forEach(names::add);
            names.add(ADMIN);
            boolean added = false;
            Map<String, String> passwords = new LinkedHashMap<>();
            SecureRandom random = new SecureRandom();
            for (String name : names) {
                String password = kept.getProperty(name);
                if (password == null) {
                    byte[] bytes = new byte[32];
                    random.nextBytes(bytes);
                    password = HexFormat.of().formatHex(bytes);
                    kept.setProperty(name, password);
                    added = true;
                }
                passwords.put(name, password);
            }
            if (added) {
                StringBuilder text = new StringBuilder("# Redis ACL passwords of this data directory\n");
                kept.stringPropertyNames().stream().sorted()
                        .forEach(name -> text.append(name).append('=').append(kept.getProperty(name)).append('\n'));
                OwnerOnlyFiles.write(file, text.toString());
            }
            return passwords;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the Redis passwords in " + file, e);
        }
    }

    private static String sha256(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
