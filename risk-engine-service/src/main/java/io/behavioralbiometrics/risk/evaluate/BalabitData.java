package io.behavioralbiometrics.risk.evaluate;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reader for the Balabit Mouse Dynamics Challenge training files (Fülöp et al., 2016):
 * {@code training_files/userN/session_*}, CSV {@code record timestamp,client timestamp,
 * button,state,x,y}. Rows become the events the browser SDK would have sent: Move and Drag
 * become {@code mousemove} (a drag is a move between Pressed and Released), Pressed
 * {@code mousedown}, Released {@code mouseup}, scroll Down/Up {@code wheel} with dy ±1.
 * The client timestamp (seconds) is used, as milliseconds.
 */
final class BalabitData {

    record Session(String user, String name, List<BehavioralEvent> events) {

        /** Time from the first to the last event. */
        double seconds() {
            return events.isEmpty() ? 0 : (events.getLast().t() - events.getFirst().t()) / 1000.0;
        }
    }

    private BalabitData() {
    }

    static List<String> users(Path trainingFiles) throws IOException {
        try (Stream<Path> dirs = Files.list(trainingFiles)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static List<Path> sessions(Path trainingFiles, String user) throws IOException {
        try (Stream<Path> files = Files.list(trainingFiles.resolve(user))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static Session read(String user, Path file) throws IOException {
        List<BehavioralEvent> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine(); // header
            while ((line = in.readLine()) != null) {
                BehavioralEvent e = parse(line);
                if (e != null) {
                    events.add(e);
                }
            }
        }
        return new Session(user, file.getFileName().toString(), events);
    }

    static @org.jspecify.annotations.Nullable BehavioralEvent parse(String line) {
        String[] f = line.split(",");
        if (f.length < 6) {
            return null;
        }
        double t;
        double x;
        double y;
        try {
            t = Double.parseDouble(f[1]) * 1000.0;
            x = Double.parseDouble(f[4]);
            y = Double.parseDouble(f[5]);
        } catch (NumberFormatException ex) {
            return null;
        }
        String button = f[2];
        int code = "Right".equals(button) ? 2 : 0;
        return switch (f[3]) {
            case "Move", "Drag" -> BehavioralEvent.mouseMove(t, x, y);
            case "Pressed" -> BehavioralEvent.button(EventType.MOUSEDOWN, t, x, y, code);
            case "Released" -> BehavioralEvent.button(EventType.MOUSEUP, t, x, y, code);
            case "Down" -> BehavioralEvent.wheel(t, 1);
            case "Up" -> BehavioralEvent.wheel(t, -1);
            default -> null;
        };
    }
}
