package io.behavioralbiometrics.identity.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.identity.IdentityIntegrationTest;
import io.behavioralbiometrics.identity.IdentityProperties;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Per-address counting and the lock's growth and cap, on the real database. */
@IdentityIntegrationTest
class LoginThrottleAddressTests {

    @Autowired
    LoginFailureRepository failures;

    @Autowired
    TransactionTemplate transactions;

    LoginThrottle throttle(int accountThreshold, int addressThreshold) {
        IdentityProperties properties = new IdentityProperties("i", "a", Duration.ofMinutes(15), Duration.ofDays(7),
                Duration.ofSeconds(30), List.of(), List.of(),
                new IdentityProperties.Throttle(Duration.ofMinutes(15), accountThreshold, addressThreshold,
                        Duration.ofSeconds(2), Duration.ofSeconds(10),
                        new IdentityProperties.Registration(Duration.ofHours(1), 10, 1000)),
                new IdentityProperties.Hashing(0, Duration.ofSeconds(2), IdentityProperties.Hashing.Implementation.NATIVE),
                new IdentityProperties.Keys(null));
        return new LoginThrottle(failures, properties, transactions);
    }

    @Test
    void manyAccountsFailingFromOneAddressLockThatAddress() {
        LoginThrottle throttle = throttle(100, 3);
        String address = "198.51.100." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            assertThat(throttle.begin("user" + i + "-" + UUID.randomUUID() + "@example.test", address).caused()).isNull();
        }
        assertThat(throttle.begin("third-" + UUID.randomUUID() + "@example.test", address).caused()).isNotNull();
        // Any account from that address is now locked; the same account from elsewhere is not.
        String fresh = "fresh-" + UUID.randomUUID() + "@example.test";
        assertThat(throttle.lockedFor(fresh, address)).isPresent();
        assertThat(throttle.lockedFor(fresh, "192.0.2.1-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        assertThat(LoginThrottle.addressBucket("2001:db8:1:2:aaaa::1"))
                .isEqualTo(LoginThrottle.addressBucket("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
                .isEqualTo("20010db800010002::/64");
        assertThat(LoginThrottle.addressBucket("2001:db8:1:3::1")).isNotEqualTo(LoginThrottle.addressBucket("2001:db8:1:2::1"));
        assertThat(LoginThrottle.addressBucket("198.51.100.7")).isEqualTo("198.51.100.7");
        // One /64 is one address for the per-address lock.
        LoginThrottle throttle = throttle(100, 2);
        String prefix = "2001:db8:" + Integer.toHexString(1 + (int) (Math.random() * 60000)) + ":"
                + Integer.toHexString(1 + (int) (Math.random() * 60000)) + ":";
        assertThat(throttle.begin("a-" + UUID.randomUUID() + "@example.test", prefix + "1::1").caused()).isNull();
        assertThat(throttle.begin("b-" + UUID.randomUUID() + "@example.test", prefix + "2::2").caused()).isNotNull();
        assertThat(throttle.lockedFor("c-" + UUID.randomUUID() + "@example.test", prefix + "ffff::3")).isPresent();
    }

    @Test
    void lockDoublesPerFailureAndIsCapped() {
        LoginThrottle throttle = throttle(5, 5);
        assertThat(throttle.lockDuration(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.lockDuration(1)).isEqualTo(Duration.ofSeconds(4));
        assertThat(throttle.lockDuration(2)).isEqualTo(Duration.ofSeconds(8));
        assertThat(throttle.lockDuration(3)).isEqualTo(Duration.ofSeconds(10));
        assertThat(throttle.lockDuration(10_000)).isEqualTo(Duration.ofSeconds(10));
    }
}
