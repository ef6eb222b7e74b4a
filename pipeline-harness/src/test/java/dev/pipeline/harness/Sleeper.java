package dev.pipeline.harness;

import java.io.IOException;

/**
 * A child process for the harness's own tests: prints a line, optionally starts a grandchild (another
 * Sleeper), optionally spins a core, then sleeps until killed. {@code Sleeper [child] [spin]}.
 */
public final class Sleeper {

    private Sleeper() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        System.out.println("sleeper " + ProcessHandle.current().pid() + " up");
        System.out.flush();
        for (String arg : args) {
            if (arg.equals("child")) {
                new ProcessBuilder(ChildProcess.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                        Sleeper.class.getName()).inheritIO().start();
            }
        }
        if (args.length > 0 && args[args.length - 1].equals("spin")) {
            long x = 0;
            while (true) {
                x += System.nanoTime() % 7;
                if (x == Long.MIN_VALUE) {
                    System.out.println(x);
                }
            }
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
