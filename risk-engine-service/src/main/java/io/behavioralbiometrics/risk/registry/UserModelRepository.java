package io.behavioralbiometrics.risk.registry;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserModelRepository extends JpaRepository<UserModelEntity, Long> {

    /** Served by the unique index on (user_id, feature_set, version): cheap enough to ask on every score. */
    @Query("select max(m.version) from UserModelEntity m where m.userId = :userId and m.featureSet = :featureSet")
    @Nullable Integer latestVersion(UUID userId, String featureSet);

    boolean existsByUserId(UUID userId);

    Optional<UserModelEntity> findByUserIdAndFeatureSetAndVersion(UUID userId, String featureSet, int version);
}
