package io.behavioralbiometrics.risk.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader for the CMU keystroke benchmark (Killourhy &amp; Maxion, 2009),
 * {@code DSL-StrongPasswordData.csv}: {@code subject,sessionIndex,rep}, then the timing
 * columns {@code H.<key>}, {@code DD.<k1>.<k2>}, {@code UD.<k1>.<k2>} in seconds, in typing
 * order. Each row is already one fixed-text timing vector, the same layout the
 * {@code FIXED_TEXT} feature set produces from a typed password.
 */
final class CmuKeystrokeData {

    /** Timing columns and, per subject in file order, its repetitions in file order. */
    record Data(List<String> columns, Map<String, List<double[]>> bySubject) {
    }

    private CmuKeystrokeData() {
    }

    static Data read(Path csv) throws IOException {
        Map<String, List<double[]>> bySubject = new LinkedHashMap<>();
        List<String> columns;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException(csv + " is empty");
            }
            String[] h = header.trim().split(",");
            if (h.length < 4 || !h[0].equals("subject") || !h[1].equals("sessionIndex") || !h[2].equals("rep")) {
                throw new IOException(csv + ": expected header subject,sessionIndex,rep,<timings>");
            }
            columns = List.of(Arrays.copyOfRange(h, 3, h.length));
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(",");
                if (f.length != h.length) {
                    throw new IOException(csv + ":" + lineNumber + ": expected " + h.length + " columns, got " + f.length);
                }
                double[] row = new double[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = Double.parseDouble(f[i + 3]);
                }
                bySubject.computeIfAbsent(f[0], s -> new ArrayList<>()).add(row);
            }
        }
        return new Data(columns, bySubject);
    }
}
