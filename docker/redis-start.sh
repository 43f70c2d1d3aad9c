#!/bin/sh
# Starts Redis with one ACL user per service (docker/redis-users.acl) and no usable
# default user. Each password comes from BB_REDIS_<NAME>_PASSWORD (bb_event_logger ->
# BB_REDIS_EVENT_LOGGER_PASSWORD); only its SHA-256 is written, to a file readable by
# Redis alone. Arguments are passed on to redis-server.
set -eu
rules="${BB_REDIS_USERS:-/etc/redis/users.acl}"
acl="${BB_REDIS_ACL_FILE:-/tmp/bb-redis-users.acl}"
umask 077
: > "$acl"
users="$acl.users"
# Joins each user's indented continuation lines and drops comments and blank lines.
awk '/^[ \t]*#/ || /^[ \t]*$/ { next }
     /^user / { if (line != "") print line; line = $0; next }
     { sub(/^[ \t]+/, ""); line = line " " $0 }
     END { if (line != "") print line }' "$rules" > "$users"
while read -r keyword name rules; do
    if [ "$name" = default ]; then
        echo "user default $rules" >> "$acl"
        continue
    fi
    variable="BB_REDIS_$(echo "${name#bb_}" | tr '[:lower:]' '[:upper:]')_PASSWORD"
    eval "password=\${$variable:-}"
    if [ -z "$password" ]; then
        echo "redis-start: $variable is not set (the password of Redis user $name)" >&2
        exit 1
    fi
    hash=$(printf '%s' "$password" | sha256sum | cut -d ' ' -f 1)
    echo "user $name on #$hash $rules" >> "$acl"
done < "$users"
rm -f "$users"
exec redis-server "$@" --aclfile "$acl"
