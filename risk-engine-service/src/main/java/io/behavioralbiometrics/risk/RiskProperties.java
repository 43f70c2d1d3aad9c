package io.behavioralbiometrics.risk;

import io.behavioralbiometrics.risk.model.RiskLevel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the risk engine ({@code bb.risk.*}).
 *
 * @param training how much data a model needs and how much is read
 * @param scoring  bounds of the score endpoint
 * @param live     the stream consumer that scores sessions as events arrive
 * @param models   the in-memory model cache
 * @param cors     browser origins allowed to call {@code /model/**} and {@code /risk/**}
 * @param retraining automatic retraining as new events arrive on the live stream
 * @param levels   where the risk levels MEDIUM and HIGH start
 * @param background the pool of other users' feature rows that models learn against
 * @param modelSigningKey base64 HMAC-SHA256 key (at least 32 bytes) that signs every stored
 *                 model; required, the same on every replica, and held by the risk engine only
 *                 (see docs/security.md). Models whose signature does not verify are not used.
 */
@Validated
@ConfigurationProperties("bb.risk")
public record RiskProperties(
        @Valid @DefaultValue Training training,
        @Valid @DefaultValue Scoring scoring,
        @Valid @DefaultValue Live live,
        @Valid @DefaultValue Models models,
        @Valid @DefaultValue Cors cors,
        @Valid @DefaultValue Retraining retraining,
        @Valid @DefaultValue Levels levels,
        @Valid @DefaultValue Background background,
        @DefaultValue("") String modelSigningKey) {

    /** Never the key itself: the record's generated toString would print it into logs and failure analyses. */
    @Override
    public String toString() {
        return "RiskProperties[training=" + training + ", scoring=" + scoring + ", live=" + live + ", models="
                + models + ", cors=" + cors + ", retraining=" + retraining + ", levels=" + levels + ", background="
                + background + ", modelSigningKey=" + (modelSigningKey.isBlank() ? "unset" : "(set)") + "]";
    }

    /**
     * Each feature set also needs the model's {@code minTrainingRows} feature rows (windows).
     *
     * @param minEvents usable events a user needs before any model is trained (the original's 50)
     * @param maxEvents most recent events (by server receive time) read for training
     * @param cooldown  after a user's requested training succeeded, how long further requests of
     *                  that user are refused (429 with Retry-After); the internal retrainings
     *                  (after an erasure, automatic) ignore it
     * @param lease     how long a training holds the user's training lease in PostgreSQL, the
     *                  most a training may take; meanwhile other trainings of the user get 409
     *                  on any replica, and a crashed replica's lease expires after it
     * @param keepVersions model versions kept per user and feature set; older ones are deleted
     *                  when a new one is stored
     */
    public record Training(
            @Min(1) @DefaultValue("50") int minEvents,
            @Min(1) @DefaultValue("200000") int maxEvents,
            @NotNull @DefaultValue("5m") Duration cooldown,
            @NotNull @DefaultValue("10m") Duration lease,
            @Min(1) @Max(1000) @DefaultValue("3") int keepVersions) {
    }

    /**
     * @param minEvents         events a score request must carry (the original's 10)
     * @param maxEvents         events a score request may carry
     * @param requestsPerWindow score requests a user's own token may make per window, on all
     *                          replicas together (429 with Retry-After beyond); admins are not
     *                          limited. Bounds how fast a stolen token can probe the model
     * @param rateWindow        the window, starting at its first request
     */
    public record Scoring(
            @Min(1) @DefaultValue("10") int minEvents,
            @Min(1) @DefaultValue("20000") int maxEvents,
            @Min(1) @DefaultValue("60") int requestsPerWindow,
            @NotNull @DefaultValue("1m") Duration rateWindow) {
    }

    /**
     * @param enabled        whether this replica consumes {@code bb:events}
     * @param consumerName   this replica's consumer name in the group; blank means host name and process id
     * @param threads        consumers this replica runs in the group (names suffixed -0, -1, … when
     *                       more than one); scoring is CPU-bound, so up to the replica's cores
     * @param windowEvents   most recent events kept per session in Redis; they must span the
     *                       model's k windows (sessionWindows, 20), or a live risk aggregates
     *                       fewer: a mouse action is 30 to 100 events at the SDK's 60 Hz
     * @param rescoreEvery   new events of a session that trigger a fresh score (each reads and
     *                       scores the whole window)
     * @param sessionTtl     how long an idle session's events are kept
     * @param batchSize      entries read per XREADGROUP
     * @param block          how long one XREADGROUP waits for entries
     * @param claimMinIdle   how long an entry must be pending before another consumer claims it
     * @param claimEvery     how often this consumer looks for such entries
     * @param stallTimeout   liveness reports DOWN when a consumer has not finished a read or a
     *                       retry pause for this long (or died); must exceed {@code block} plus
     *                       the 1 s retry pause
     */
    public record Live(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("") String consumerName,
            @Min(1) @Max(64) @DefaultValue("1") int threads,
            @Min(10) @DefaultValue("3000") int windowEvents,
            @Min(1) @DefaultValue("50") int rescoreEvery,
            @NotNull @DefaultValue("30m") Duration sessionTtl,
            @Min(1) @DefaultValue("20") int sessionsPerUser,
            @Min(1) @DefaultValue("50") int batchSize,
            @NotNull @DefaultValue("1s") Duration block,
            @NotNull @DefaultValue("60s") Duration claimMinIdle,
            @NotNull @DefaultValue("30s") Duration claimEvery,
            @NotNull @DefaultValue("5m") Duration stallTimeout) {

        /** Shorter, and every Redis outage would restart the replicas. */
        @AssertTrue(message = "stall-timeout must be longer than block plus the 1 s retry pause")
        boolean isStallTimeoutLongerThanARetry() {
            return stallTimeout == null || block == null || stallTimeout.compareTo(block.plusSeconds(1)) > 0;
        }
    }

    /**
     * @param cacheSize         deserialized models kept per replica, keyed by user, feature set and version
     * @param absentRecheck     how long live scoring trusts a "this user has no model" answer
     *                          before asking the database again (a training on this replica
     *                          clears it at once)
     * @param absentCacheSize   users without a model remembered per replica
     */
    public record Models(
            @Min(0) @DefaultValue("1000") int cacheSize,
            @NotNull @DefaultValue("5s") Duration absentRecheck,
            @Min(0) @DefaultValue("100000") int absentCacheSize) {
    }

    /**
     * @param enabled   whether users are retrained automatically (off by default)
     * @param newEvents live events of a user since the last (attempted) training that trigger a retrain
     * @param lockTtl   how long one replica holds a user's training lock, the most a training may take
     */
    public record Retraining(
            @DefaultValue("false") boolean enabled,
            @Min(1) @DefaultValue("5000") int newEvents,
            @NotNull @DefaultValue("10m") Duration lockTtl) {
    }

    /**
     * Risks are calibrated on each user's own out-of-fold behaviour, so a threshold τ aims at
     * (1 − τ) of a genuine user's sessions, for every user: about 5% at MEDIUM or above and 1%
     * at HIGH by default (3.6% and 1.8% measured on Balabit, docs/accuracy.md). Applied when a
     * risk is computed, to every model, old or new.
     *
     * @param medium risk from which a session is MEDIUM
     * @param high   risk from which a session is HIGH
     */
    public record Levels(
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            @DefaultValue("0.95") double medium,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            @DefaultValue("0.99") double high) {

        @AssertTrue(message = "high must be above medium")
        boolean isOrdered() {
            return high > medium;
        }

        public RiskLevel of(double risk) {
            return RiskLevel.of(risk, medium, high);
        }
    }

    /**
     * Models learn against other enrolled users' feature rows (never raw events); see
     * docs/security.md for what that means for privacy and erasure.
     *
     * @param enabled       whether training contributes to and draws from the pool; off, every
     *                      model is one-class and no user's rows are stored in the pool
     * @param minUsers      fewest other contributors of a feature set before a model uses them
     *                      (below, the model is one-class: cold start)
     * @param maxUsers      most other users in one model's background sample
     * @param rowsPerUser   most feature rows a user contributes per feature set (evenly thinned)
     * @param retrainWithin after a background user is erased, the longest an affected model
     *                      waits for its retrain; past it, it is stripped of its background
     * @param checkEvery    how often a replica looks for models to retrain after an erasure
     */
    public record Background(
            @DefaultValue("true") boolean enabled,
            @Min(1) @DefaultValue("5") int minUsers,
            @Min(1) @Max(10_000) @DefaultValue("100") int maxUsers,
            @Min(10) @Max(100_000) @DefaultValue("500") int rowsPerUser,
            @NotNull @DefaultValue("15m") Duration retrainWithin,
            @NotNull @DefaultValue("30s") Duration checkEvery) {

        @AssertTrue(message = "min-users must not exceed max-users")
        boolean isMinAtMostMax() {
            return minUsers <= maxUsers;
        }
    }

    public record Cors(@NotEmpty @DefaultValue("http://localhost:8080") List<String> allowedOrigins) {
    }
}
