package io.behavioralbiometrics.risk.training;

import io.behavioralbiometrics.risk.RiskProperties;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One training per user at a time, on every replica: a lease row in PostgreSQL
 * ({@code risk.training_leases}), taken in a short transaction and released when the training
 * ends; a replica that dies holding it frees it when {@code bb.risk.training.lease} passes. A
 * training the user asked for also starts the user's cooldown when it succeeds.
 */
@Component
class TrainingLeases {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RiskProperties.Training settings;

    TrainingLeases(JdbcClient jdbc, TransactionTemplate transactions, RiskProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = properties.training();
    }

    /** A held lease; {@code holder} tells this training's release from a later one's. */
    record Lease(UUID userId, UUID holder, boolean requested) {
    }

    private record State(boolean busy, @Nullable Double secondsLeft) {
    }

    /**
     * @param requested whether the user (or an admin) asked for this training, so the cooldown applies
     * @throws TrainingInProgressException while another training of the user holds the lease
     * @throws TrainingCooldownException   for a requested training within the cooldown
     */
    Lease acquire(UUID userId, boolean requested) {
        Lease lease = transactions.execute(status -> {
            jdbc.sql("insert into risk.training_leases (user_id) values (:user) on conflict (user_id) do nothing")
                    .param("user", userId).update();
            List<State> found = jdbc.sql("""
                    select coalesce(leased_until > now(), false) as busy,
                           extract(epoch from (last_requested_at + make_interval(secs => :cooldown) - now()))
                               as seconds_left
                    from risk.training_leases where user_id = :user for update""")
                    .param("user", userId).param("cooldown", settings.cooldown().toMillis() / 1000.0)
                    .query((rs, n) -> new State(rs.getBoolean("busy"),
                            rs.getObject("seconds_left") == null ? null : rs.getDouble("seconds_left")))
                    .list();
            State state = found.getFirst();
            if (state.busy()) {
                throw new TrainingInProgressException(userId);
            }
            Double left = state.secondsLeft();
            if (requested && left != null && left > 0) {
                throw new TrainingCooldownException(userId, (long) Math.ceil(left));
            }
            UUID holder = UUID.randomUUID();
            jdbc.sql("""
                    update risk.training_leases set holder = :holder,
                        leased_until = now() + make_interval(secs => :lease) where user_id = :user""")
                    .param("holder", holder).param("lease", settings.lease().toMillis() / 1000.0)
                    .param("user", userId).update();
            return new Lease(userId, holder, requested);
        });
        if (lease == null) {
            throw new IllegalStateException("no lease");
        }
        return lease;
    }

    /** Ends the training; a requested one that succeeded starts the user's cooldown. */
    void release(Lease lease, boolean succeeded) {
        jdbc.sql("""
                update risk.training_leases set holder = null, leased_until = null,
                    last_requested_at = case when :cooldown then now() else last_requested_at end
                where user_id = :user and holder = :holder""")
                .param("cooldown", lease.requested() && succeeded)
                .param("user", lease.userId()).param("holder", lease.holder()).update();
    }
}
