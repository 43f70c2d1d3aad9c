package io.behavioralbiometrics.risk.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.behavioralbiometrics.core.event.EventType;
import io.behavioralbiometrics.risk.model.ModelHyperparameters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path dir;

    /** Writes a CMU-format file: subjects with their own mean hold and flight times. */
    private Path cmuFile(int subjects, int reps) throws IOException {
        String[] keys = {"period", "t", "i", "e", "five", "Shift.r", "o", "a", "n", "l", "Return"};
        List<String> header = new ArrayList<>(List.of("subject", "sessionIndex", "rep"));
        for (int k = 0; k < keys.length; k++) {
            header.add("H." + keys[k]);
            if (k + 1 < keys.length) {
                header.add("DD." + keys[k] + "." + keys[k + 1]);
                header.add("UD." + keys[k] + "." + keys[k + 1]);
            }
        }
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        Random random = new Random(11);
        for (int s = 0; s < subjects; s++) {
            Random subjectRandom = new Random(100 + s);
            double[] holdMean = new double[keys.length];
            double[] flightMean = new double[keys.length];
            for (int k = 0; k < keys.length; k++) {
                holdMean[k] = 0.06 + 0.08 * subjectRandom.nextDouble();
                flightMean[k] = 0.05 + 0.3 * subjectRandom.nextDouble();
            }
            for (int r = 0; r < reps; r++) {
                List<String> row = new ArrayList<>(List.of(String.format(Locale.ROOT, "s%03d", s + 2),
                        String.valueOf(1 + r / 50), String.valueOf(1 + r % 50)));
                for (int k = 0; k < keys.length; k++) {
                    double hold = holdMean[k] * (1 + 0.15 * random.nextGaussian());
                    row.add(String.format(Locale.ROOT, "%.4f", hold));
                    if (k + 1 < keys.length) {
                        double ud = flightMean[k] * (1 + 0.2 * random.nextGaussian());
                        row.add(String.format(Locale.ROOT, "%.4f", hold + ud));
                        row.add(String.format(Locale.ROOT, "%.4f", ud));
                    }
                }
                csv.append(String.join(",", row)).append('\n');
            }
        }
        Path file = dir.resolve("DSL-StrongPasswordData.csv");
        Files.writeString(file, csv.toString());
        return file;
    }

    @Test
    void cmuLoaderReadsSubjectsInFileOrderWithAllTimingColumns() throws IOException {
        CmuKeystrokeData.Data data = CmuKeystrokeData.read(cmuFile(5, 20));
        assertThat(data.columns()).hasSize(31).startsWith("H.period", "DD.period.t", "UD.period.t");
        assertThat(data.bySubject()).containsOnlyKeys("s002", "s003", "s004", "s005", "s006");
        assertThat(data.bySubject().get("s002")).hasSize(20);
        assertThat(data.bySubject().get("s002").getFirst()).hasSize(31);
    }

    @Test
    void cmuProtocolSeparatesSubjectsWithDistinctTimings() throws IOException {
        CmuKeystrokeData.Data data = CmuKeystrokeData.read(cmuFile(5, 60));
        Map<String, double[]> results = EvaluateCommand.cmuProtocol(data, ModelHyperparameters.DEFAULTS);

        assertThat(results).hasSize(5);
        double meanEer = results.values().stream().mapToDouble(r -> r[1]).average().orElseThrow();
        assertThat(meanEer).isLessThan(0.1);
        assertThat(results.values()).allSatisfy(r -> assertThat(r[0]).isGreaterThan(0.9));
    }

    @Test
    void commandSkipsAbsentDataSetsWithAClearMessage() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EvaluateCommand command = new EvaluateCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Report report = new Report();
        command.balabit(dir.resolve("nowhere"), report);
        command.cmu(dir.resolve("nowhere.csv"), report);

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Balabit:").contains("not found; skipped");
        assertThat(printed).contains("CMU keystroke:").contains("not measured");
        assertThat(report.markdown()).contains("**Not measured**");
    }

    @Test
    void balabitRowsBecomeSdkEvents() {
        assertThat(BalabitData.parse("0.1,0.016,NoButton,Move,126,337").type()).isEqualTo(EventType.MOUSEMOVE);
        assertThat(BalabitData.parse("0.1,0.016,NoButton,Move,126,337").t()).isEqualTo(16.0);
        assertThat(BalabitData.parse("0.1,0.5,NoButton,Drag,1,2").type()).isEqualTo(EventType.MOUSEMOVE);
        assertThat(BalabitData.parse("0.1,0.5,Left,Pressed,1,2").type()).isEqualTo(EventType.MOUSEDOWN);
        assertThat(BalabitData.parse("0.1,0.5,Right,Released,1,2").button()).isEqualTo(2);
        assertThat(BalabitData.parse("0.1,0.5,Scroll,Down,1,2").dy()).isEqualTo(1.0);
        assertThat(BalabitData.parse("record timestamp,client timestamp,button,state,x,y")).isNull();
    }

    @Test
    void commandEvaluatesATinyBalabitFormatFolder() throws IOException {
        Path training = dir.resolve("balabit-mouse").resolve("training_files");
        writeSessions(training, new Random(5), (user, action) -> 0.5 + user);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EvaluateCommand command = new EvaluateCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Report report = new Report();
        command.balabit(training, report);

        // Two feature sets, three protocols each.
        assertThat(report.balabit).hasSize(6);
        EvaluateCommand.SetResult mouse = report.mouse(EvaluateCommand.Protocol.OUTSIDE).orElseThrow();
        assertThat(mouse.users()).hasSize(3);
        // Users with a 2x speed difference are easy to tell apart by action kinematics, by every protocol.
        for (EvaluateCommand.Protocol protocol : EvaluateCommand.Protocol.values()) {
            assertThat(Report.mean(Report.atK(report.mouse(protocol).orElseThrow().users(), 0), 0))
                    .as(protocol.label).isGreaterThan(0.9);
        }
        // 150 actions in 252.3 s per session: 20 of them are about 0.6 minutes of use.
        assertThat(mouse.secondsPerRow()).isCloseTo(1.68, within(0.01));
        assertThat(report.markdown()).contains("| mouse-v1 | background, attacker left out | 20 | 0.6 min |",
                "| mouse-v1 | one-class | 20 |", "| mouse-v1 | background, attacker enrolled | 20 |");
        // Against each impostor alone: user0 (speed 0.5) is told apart from both others.
        assertThat(mouse.users().getFirst().byImpostor()).containsOnlyKeys("user1", "user2");
        assertThat(mouse.users().getFirst().byImpostor().values()).allSatisfy(auc -> assertThat(auc).isGreaterThan(0.9));
        assertThat(report.markdown()).contains("Which impostors a model confuses", "| model | 0 | 1 | 2 |",
                "| user0 | – |");
        assertThat(RocPlot.svg(report.pooledCurves())).startsWith("<svg").contains("mouse-v1 background, attacker left out k=20 AUC");
        // Spliced sessions: both alarm rules at both false-alarm rates, per protocol.
        assertThat(report.delays).containsOnlyKeys(EvaluateCommand.Protocol.values());
        assertThat(report.delays.get(EvaluateCommand.Protocol.OUTSIDE).rows()).hasSize(4);
        assertThat(report.delays.get(EvaluateCommand.Protocol.OUTSIDE).spliced()).isEqualTo(3 * 2 * 2);
        assertThat(report.markdown()).contains("Takeover in the middle of a session", "| session CUSUM | 1% |",
                "| last 20 windows | 5% |");
        assertThat(report.markdown()).contains("What a risk level threshold costs", "| 0.95 |", "| 0.99 |");
    }

    @Test
    void thresholdSharesCountRisksAtOrAboveTheThreshold() {
        double[] risks = {0.1, 0.5, 0.95, 0.96, 0.99};
        assertThat(Report.shareAtLeast(risks, 0.95)).isEqualTo(0.6);
        assertThat(Report.shareAtLeast(risks, 0.99)).isEqualTo(0.2);
        assertThat(Report.shareAtLeast(new double[0], 0.5)).isZero();
    }

    @Test
    void longerSessionWindowsAddLongerBlocks() {
        EvaluateCommand command = new EvaluateCommand(System.out);
        assertThat(command.sessionKs()).containsExactly(1, 5, 10, 20);
        command.hp = command.hp.withSessionWindows(80);
        assertThat(command.sessionKs()).containsExactly(1, 5, 10, 20, 40, 80);
        assertThat(command.sessionKs()[EvaluateCommand.K20]).isEqualTo(20);
    }

    @Test
    void developmentProtocolNeverReadsTheTestPartOfASession() throws IOException {
        // From 60% of every session on, each user moves at the next user's speed: the normal
        // protocol's genuine test rows look foreign, the development protocol never sees them.
        Path training = dir.resolve("switching").resolve("training_files");
        writeSessions(training, new Random(6), (user, action) -> 0.5 + (action < 90 ? user : (user + 1) % 3));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        EvaluateCommand normal = new EvaluateCommand(quiet);
        Report normalReport = new Report();
        normal.balabit(training, normalReport);
        EvaluateCommand development = new EvaluateCommand(quiet);
        development.development = true;
        Report developmentReport = new Report();
        development.balabit(training, developmentReport);

        double normalAuc = Report.mean(Report.atK(
                normalReport.mouse(EvaluateCommand.Protocol.ONE_CLASS).orElseThrow().users(), 0), 0);
        double developmentAuc = Report.mean(Report.atK(
                developmentReport.mouse(EvaluateCommand.Protocol.ONE_CLASS).orElseThrow().users(), 0), 0);
        assertThat(normalAuc).isLessThan(0.6);
        assertThat(developmentAuc).isGreaterThan(0.9);
    }

    /** The speed of one user's action, in px per ms. */
    private interface Speed {
        double of(int user, int action);
    }

    /**
     * Balabit-format sessions: 3 users × 2 sessions of 150 straight moves of 12 points
     * 16 ms apart, 1.5 s between moves, in random directions.
     */
    private static void writeSessions(Path training, Random random, Speed speed) throws IOException {
        for (int u = 0; u < 3; u++) {
            for (int s = 0; s < 2; s++) {
                StringBuilder csv = new StringBuilder("record timestamp,client timestamp,button,state,x,y\n");
                double t = 0;
                for (int a = 0; a < 150; a++) {
                    double v = speed.of(u, a);
                    double x = 500;
                    double y = 400;
                    double angle = random.nextDouble() * 2 * Math.PI;
                    for (int p = 0; p < 12; p++) {
                        t += 16;
                        x += Math.cos(angle) * v * 16 * (1 + 0.2 * random.nextGaussian());
                        y += Math.sin(angle) * v * 16;
                        csv.append(String.format(Locale.ROOT, "%.3f,%.3f,NoButton,Move,%d,%d%n", t / 1000, t / 1000,
                                Math.round(x), Math.round(y)));
                    }
                    t += 1500;
                }
                Path file = training.resolve("user" + u).resolve("session_" + s);
                Files.createDirectories(file.getParent());
                Files.writeString(file, csv.toString());
            }
        }
    }
}
