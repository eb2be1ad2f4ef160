package dev.descheduler.localstack.server;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a server's main class and exits (running its shutdown hooks) as soon as the JVM that launched it is gone, so
 * a killed test run or operator process never leaves orphaned servers holding ports. Arguments: parent pid, main
 * class, its arguments.
 */
public final class ParentWatchingMain {

    private ParentWatchingMain() {}

    public static void main(String[] args) throws Exception {
        long parentPid = Long.parseLong(args[0]);
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            System.err.println("local-stack: parent process " + parentPid + " is gone; not starting");
            System.exit(1);
        }
        Thread watcher = new Thread(
                () -> {
                    parent.get().onExit().join();
                    System.err.println("local-stack: parent process " + parentPid + " exited; stopping");
                    System.exit(0);
                },
                "parent-watch");
        watcher.setDaemon(true);
        watcher.start();

        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        // Servers whose main returns keep running on their own non-daemon threads; this thread just idles.
        TimeUnit.DAYS.sleep(Long.MAX_VALUE);
    }
}
