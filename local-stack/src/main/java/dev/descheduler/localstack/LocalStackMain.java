package dev.descheduler.localstack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code run --data-dir DIR [--kafka-port 9092] [--kafka-controller-port 9093] [--s3-port 9000]
 * [--postgres-port 5432]}: starts the stack, writes DIR/stack.env, prints the addresses and stays in the foreground
 * until SIGTERM or SIGINT, when it stops the servers gracefully.
 */
public final class LocalStackMain {

    private LocalStackMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0 || !args[0].equals("run")) {
            usage("expected the command 'run'");
        }
        LocalStack.Builder builder = LocalStack.builder();
        Path dataDir = Path.of(".data", "stack");
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage("option " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(value);
                case "--kafka-port" -> builder.kafkaPort(parsePort(args[i], value));
                case "--kafka-controller-port" -> builder.kafkaControllerPort(parsePort(args[i], value));
                case "--s3-port" -> builder.s3Port(parsePort(args[i], value));
                case "--postgres-port" -> builder.postgresPort(parsePort(args[i], value));
                default -> usage("unknown option " + args[i]);
            }
        }
        LocalStack stack = builder.dataDir(dataDir).build();
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("local-stack: stopping");
            stack.stop();
            stopped.countDown();
        }));
        stack.writeEnvFile(dataDir.resolve("stack.env"));
        System.out.println("local-stack: running");
        stack.env().forEach((key, value) -> System.out.println("  " + key + "=" + value));
        stopped.await();
    }

    private static int parsePort(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage(option + " must be a port number, was " + value);
            return -1;
        }
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: LocalStackMain run --data-dir DIR [--kafka-port N] [--kafka-controller-port N]"
                + " [--s3-port N] [--postgres-port N]");
        System.exit(2);
    }
}
