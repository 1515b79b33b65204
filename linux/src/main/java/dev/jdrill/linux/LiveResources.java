package dev.jdrill.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything of this module still open, closed by one shutdown hook on SIGINT/SIGTERM or a normal JVM
 * exit, so an interrupted run kills its child processes and threads instead of leaving them. Kernel
 * objects (namespaces, TUN devices, sockets) would go with the process anyway; this makes the order
 * tidy and stops shell commands the JVM started.
 */
final class LiveResources {
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private LiveResources() {
    }

    static void register(AutoCloseable resource) {
        installHook();
        OPEN.add(resource);
    }

    static void unregister(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    static int count() {
        return OPEN.size();
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        try {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("jdrill-linux-cleanup").unstarted(() -> {
                List<AutoCloseable> all = new ArrayList<>(OPEN);
                for (AutoCloseable c : all) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // Shutting down: nothing useful can be reported, and the next resource still matters.
                    }
                }
            }));
        } catch (IllegalStateException e) {
            // Already shutting down: the hook would never run, and the process is leaving anyway.
        }
    }
}
