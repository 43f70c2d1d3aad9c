package io.behavioralbiometrics.testsupport;

/** How to reach a Redis server. */
public record RedisEndpoint(String host, int port) {

    public String url() {
        return "redis://" + host + ":" + port;
    }
}
