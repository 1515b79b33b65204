package dev.jdrill.linux;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A platform thread that lives in one network namespace and runs the tasks given to it, one at a time.
 * Network namespaces belong to threads (kernel tasks), not to the JVM: a socket is created in the
 * namespace of the thread calling socket(), a TUN device in that of the thread calling TUNSETIFF, and a
 * child process starts in that of the thread that spawned it. So every such call is made here.
 * Platform, never virtual: a virtual thread could hop between carriers in different namespaces.
 */
public final class NamespaceThread implements AutoCloseable {
    private static final FutureTask<Void> STOP = new FutureTask<>(() -> null);

    private final LinkedBlockingQueue<FutureTask<?>> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CompletableFuture<Integer> entered = new CompletableFuture<>();

    private NamespaceThread(String name, EntryStep entry) {
        thread = Thread.ofPlatform().name(name).daemon(true).unstarted(() -> run(entry));
    }

    /** What the thread does first to get into its namespace; returns an error message or null. */
    @FunctionalInterface
    interface EntryStep {
        String enter();
    }

    /** Starts a thread that first runs {@code entry}; fails if that fails. */
    static NamespaceThread start(String name, EntryStep entry) throws LinuxException {
        NamespaceThread t = new NamespaceThread(name, entry);
        t.thread.start();
        try {
            t.entered.get(10, TimeUnit.SECONDS);
            return t;
        } catch (ExecutionException e) {
            t.close();
            throw new LinuxException(e.getCause().getMessage());
        } catch (InterruptedException | TimeoutException e) {
            t.close();
            throw new LinuxException(name + " did not enter its namespace: " + e);
        }
    }

    /** A thread that stays in the namespace the process is in (the remote target's agent runs there). */
    public static NamespaceThread inCurrentNamespace(String name) throws LinuxException {
        return start(name, () -> null);
    }

    /** A thread that joins the namespace {@code namespaceFd} refers to, via setns(2). */
    public static NamespaceThread joining(String name, int namespaceFd) throws LinuxException {
        return start(name, () -> {
            SyscallResult r = Syscalls.setns(namespaceFd, KernelConstants.CLONE_NEWNET);
            return r.failed() ? "setns(CLONE_NEWNET) failed: " + Errnos.describe(r.errno()) : null;
        });
    }

    private void run(EntryStep entry) {
        String error = entry.enter();
        if (error != null) {
            entered.completeExceptionally(new LinuxException(error));
            return;
        }
        ThreadPriority.raiseCurrent();
        entered.complete(Syscalls.gettid());
        while (true) {
            FutureTask<?> task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                return;
            }
            task.run();
        }
    }

    /** The kernel thread id, e.g. for {@code /proc/<pid>/task/<tid>/ns/net}. */
    public int tid() {
        return entered.getNow(-1);
    }

    public <T> Future<T> submit(Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(task);
        tasks.add(f);
        return f;
    }

    /** Runs {@code task} on this thread and waits for it; its exception comes back as the cause. */
    public <T> T call(Callable<T> task) throws LinuxException {
        if (Thread.currentThread() == thread) {
            try {
                return task.call();
            } catch (LinuxException e) {
                throw e;
            } catch (Exception e) {
                throw new LinuxException(e.getMessage(), e);
            }
        }
        try {
            return submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LinuxException le) {
                throw le;
            }
            throw new LinuxException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinuxException("interrupted while waiting for " + thread.getName());
        }
    }

    public boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /**
     * Stops the thread after the tasks already queued. Waits up to two seconds; a task stuck in a
     * blocking system call cannot be cut short from here, which is why callers shut their sockets down
     * first. Returns whether the thread has ended.
     */
    public boolean stop() {
        tasks.add(STOP);
        if (Thread.currentThread() == thread) {
            return true;
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        stop();
    }
}
