#!/bin/sh
# Forms the Redis Cluster of the compose `cluster` profile once: three masters and one
# replica each over the nodes of BB_REDIS_CLUSTER_NODES (comma-separated host:port), as the
# bb_admin ACL user. Does nothing when the cluster is already formed (a later `up`), and
# exits 0 only once the cluster answers cluster_state:ok, so the services start on it.
set -eu
nodes="${BB_REDIS_CLUSTER_NODES:?BB_REDIS_CLUSTER_NODES is not set}"
if [ -z "${BB_REDIS_ADMIN_PASSWORD:-}" ]; then
    echo "redis-cluster-init: BB_REDIS_ADMIN_PASSWORD is not set (the password of Redis user bb_admin)" >&2
    exit 1
fi
# redis-cli reads the password from here, so it is not on the command line.
export REDISCLI_AUTH="$BB_REDIS_ADMIN_PASSWORD"
first="${nodes%%,*}"

state() {
    redis-cli --no-auth-warning --user bb_admin -h "${first%:*}" -p "${first##*:}" cluster info \
        | grep -q '^cluster_state:ok'
}

if state; then
    echo "redis-cluster-init: the cluster is already formed"
    exit 0
fi
# CLUSTER MEET takes IP addresses: resolved here rather than relying on redis-cli to do it.
addresses=""
for node in $(echo "$nodes" | tr ',' ' '); do
    address=$(getent hosts "${node%:*}" | awk 'NR == 1 { print $1 }')
    if [ -z "$address" ]; then
        echo "redis-cluster-init: cannot resolve ${node%:*}" >&2
        exit 1
    fi
    addresses="$addresses $address:${node##*:}"
done
# shellcheck disable=SC2086 # one argument per node
redis-cli --no-auth-warning --user bb_admin --cluster create $addresses --cluster-replicas 1 --cluster-yes
for _ in $(seq 1 60); do
    if state; then
        echo "redis-cluster-init: the cluster is formed"
        exit 0
    fi
    sleep 1
done
echo "redis-cluster-init: the cluster did not reach cluster_state:ok within 60 s" >&2
exit 1
