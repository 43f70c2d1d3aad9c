package io.behavioralbiometrics.localstack;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every erasure end-to-end test again, on a Redis Cluster ({@code --redis-cluster}, four
 * stream shards): the tombstone, the erasure stream, the status hash, the stream entries on
 * every shard and the user's live windows live on different masters, and erasure must find
 * and remove them all.
 */
@ExtendWith(RunningStack.Cluster.class)
class ClusterErasureEndToEndTests extends ErasureEndToEndTests {

    @Override
    LocalStack stack() {
        return RunningStack.cluster();
    }
}
