package dev.pipeline.bench.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * The most sampled frames of a flight recording ({@code jdk.ExecutionSample}): on top of the stack
 * (where CPU goes) and the innermost {@code dev.pipeline} frame (which of our code paths it goes to).
 */
public final class HotMethods {

    private HotMethods() {
    }

    /**
     * @param top how many frames of each kind to print
     * @param what said after the sample count, e.g. "at 32 connections" (may be empty)
     */
    public static void print(Path recording, int top, String what, PrintStream out) throws IOException {
        Map<String, Long> onTop = new LinkedHashMap<>();
        Map<String, Long> ours = new LinkedHashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            total++;
            onTop.merge(name(frames.get(0).getMethod()), 1L, Long::sum);
            String innermost = frames.stream().map(frame -> name(frame.getMethod()))
                    .filter(name -> name.startsWith("dev.pipeline.")).findFirst().orElse("(no dev.pipeline frame)");
            ours.merge(innermost, 1L, Long::sum);
        }
        out.println();
        out.println("hot methods: " + total + " execution samples" + (what.isEmpty() ? "" : " " + what) + " (" + recording + ")");
        out.println("  top of stack (self time):");
        printTop(onTop, total, top, out);
        out.println("  innermost dev.pipeline frame on the stack:");
        printTop(ours, total, top, out);
    }

    private static void printTop(Map<String, Long> counts, long total, int top, PrintStream out) {
        if (counts.isEmpty()) {
            out.println("    (none)");
            return;
        }
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }

    /** {@code java.lang.String.indexOf(int, int)}, as {@code jfr print} shows a frame. */
    private static String name(RecordedMethod method) {
        return method.getType().getName() + "." + method.getName() + "(" + parameters(method.getDescriptor()) + ")";
    }

    /** The parameter types of a method descriptor, e.g. {@code (ILjava/lang/String;)V} → {@code int, java.lang.String}. */
    static String parameters(String descriptor) {
        String params = descriptor.substring(1, descriptor.indexOf(')'));
        List<String> types = new java.util.ArrayList<>();
        int i = 0;
        while (i < params.length()) {
            int dims = 0;
            while (params.charAt(i) == '[') {
                dims++;
                i++;
            }
            String type;
            char c = params.charAt(i);
            if (c == 'L') {
                int end = params.indexOf(';', i);
                type = params.substring(i + 1, end).replace('/', '.');
                i = end + 1;
            } else {
                type = switch (c) {
                    case 'Z' -> "boolean";
                    case 'B' -> "byte";
                    case 'C' -> "char";
                    case 'S' -> "short";
                    case 'I' -> "int";
                    case 'J' -> "long";
                    case 'F' -> "float";
                    default -> "double";
                };
                i++;
            }
            types.add(type + "[]".repeat(dims));
        }
        return types.stream().collect(Collectors.joining(", "));
    }
}
