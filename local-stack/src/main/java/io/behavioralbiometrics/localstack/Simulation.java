package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.ServerFrame;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Drives synthetic people through the real pipeline: the account owner enrols by using
 * the app, her model is trained from what the event logger stored, then two new sessions
 * on her account are scored live: one by her, one by someone else (an account takeover).
 */
public final class Simulation {

    /** What the simulation measured. */
    public record Result(double genuineRisk, String genuineLevel, double impostorRisk, String impostorLevel,
            int liveFramesGenuine, int liveFramesImpostor) {
    }

    private final StackClient client;
    private final PrintStream out;

    public Simulation(StackOptions options, PrintStream out) {
        this.client = new StackClient(options);
        this.out = out;
    }

    public Result run() {
        String suffix = Long.toString(System.currentTimeMillis(), 36);
        String password = "correct-horse-" + suffix;
        StackClient.Session alice = client.register("alice-" + suffix + "@example.com", password);
        out.printf("Registered %s (user %s)%n", alice.email(), alice.userId());
        alice = client.login(alice.email(), password);

        double now = Instant.now().toEpochMilli();
        List<BehavioralEvent> enrolment = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 1, now - 3_600_000).movements(120);
        try (StackClient.Ingest ingest = client.connect(alice)) {
            ingest.stream(UUID.randomUUID(), enrolment, 50, Duration.ofSeconds(60));
            out.printf("Enrolment: streamed %d events of %s's own behaviour, %d batches acked%n", enrolment.size(),
                    SyntheticMouse.Profile.ALICE.name(), ingest.ackCount());
        }

        StackClient.Reply trained = trainWhenStored(alice);
        out.printf("Trained: %s%n", trained.body());

        Scored genuine = session(alice, SyntheticMouse.Profile.ALICE, 2);
        Scored impostor = session(alice, SyntheticMouse.Profile.BOB, 3);
        out.println();
        out.println("Session on alice's account      risk    level   live risk frames");
        out.printf("genuine  (alice herself)        %5.2f   %-7s %d%n", genuine.risk, genuine.level, genuine.liveFrames);
        out.printf("impostor (someone else)         %5.2f   %-7s %d%n", impostor.risk, impostor.level, impostor.liveFrames);
        return new Result(genuine.risk, genuine.level, impostor.risk, impostor.level, genuine.liveFrames,
                impostor.liveFrames);
    }

    private record Scored(double risk, String level, int liveFrames) {
    }

    private Scored session(StackClient.Session owner, SyntheticMouse.Profile behaviour, long seed) {
        List<BehavioralEvent> events = new SyntheticMouse(behaviour, seed, Instant.now().toEpochMilli()).movements(30);
        int liveFrames;
        UUID sessionId = UUID.randomUUID();
        try (StackClient.Ingest ingest = client.connect(owner)) {
            ingest.stream(sessionId, events, 50, Duration.ofSeconds(30));
            // Live scoring runs beside persistence; give it a moment to answer. Frames of the
            // account's other sessions reach this socket too, so keep only this session's.
            Instant deadline = Instant.now().plusSeconds(5);
            while (Instant.now().isBefore(deadline) && liveFor(ingest, sessionId).isEmpty()) {
                StackClient.pause(Duration.ofMillis(100));
            }
            StackClient.pause(Duration.ofSeconds(1));
            List<ServerFrame.Risk> live = liveFor(ingest, sessionId);
            liveFrames = live.size();
            if (!live.isEmpty()) {
                ServerFrame.Risk last = live.getLast();
                out.printf("Live risk for the %s session: %.2f (%s)%n", behaviour.name(), last.risk(), last.level());
            }
        }
        StackClient.Reply scored = client.score(owner, events);
        if (scored.status() != 200) {
            throw new IllegalStateException("scoring failed: " + scored.status() + " " + scored.body());
        }
        return new Scored(scored.body().path("risk").asDouble(), scored.body().path("level").asString(), liveFrames);
    }

    private static List<ServerFrame.Risk> liveFor(StackClient.Ingest ingest, UUID sessionId) {
        return ingest.risks().stream().filter(risk -> risk.sessionId().equals(sessionId)).toList();
    }

    /** Trains once the event logger has stored enough of the enrolment events. */
    private StackClient.Reply trainWhenStored(StackClient.Session session) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            StackClient.Reply reply = client.train(session);
            if (reply.status() == 200 || Instant.now().isAfter(deadline)) {
                if (reply.status() != 200) {
                    throw new IllegalStateException("training failed: " + reply.status() + " " + reply.body());
                }
                return reply;
            }
            StackClient.pause(Duration.ofSeconds(1));
        }
    }
}
