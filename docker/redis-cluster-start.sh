#!/bin/sh
# Starts one Redis Cluster node through docker/redis-start.sh, so it has the same service
# users and passwords as the single Redis, plus:
# - bb_admin and bb_replica (docker/redis-cluster-users.acl);
# - masteruser/masterauth, so a replica can authenticate to its master with the default
#   user off. The password goes into a config file readable by Redis alone, never on the
#   command line;
# - the node announces its host name, so clients and redirects name redis-node-N, which
#   stays right when a container comes back with another address.
# Arguments (--cluster-enabled yes among them, in docker-compose.yml) go on to redis-server.
set -eu
shared="${BB_REDIS_USERS:-/etc/redis/users.acl}"
extra="${BB_REDIS_CLUSTER_USERS:-/etc/redis/cluster-users.acl}"
work="${BB_REDIS_CLUSTER_DIR:-/tmp}"
start="${BB_REDIS_START:-/usr/local/bin/bb-redis-start}"
if [ -z "${BB_REDIS_REPLICA_PASSWORD:-}" ]; then
    echo "redis-cluster-start: BB_REDIS_REPLICA_PASSWORD is not set (the password of Redis user bb_replica)" >&2
    exit 1
fi
umask 077
rules="$work/bb-redis-cluster-users.rules"
# The service users already may read the cluster layout (CLUSTER INFO/NODES/SLOTS, in the shared file).
cat "$shared" > "$rules"
cat "$extra" >> "$rules"
conf="$work/bb-redis-cluster.conf"
# Redis's config syntax: a double-quoted string, backslash and quote escaped.
escaped=$(printf '%s' "$BB_REDIS_REPLICA_PASSWORD" | sed 's/[\\"]/\\&/g')
printf 'masteruser bb_replica\nmasterauth "%s"\n' "$escaped" > "$conf"
BB_REDIS_USERS="$rules" exec sh "$start" "$conf" "$@" \
    --cluster-announce-hostname "${BB_REDIS_ANNOUNCE_HOSTNAME:-$(hostname)}" \
    --cluster-preferred-endpoint-type hostname
