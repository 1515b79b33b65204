package dev.jdrill.linux;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh network namespace for one script, made by unshare(CLONE_NEWNET) on a dedicated platform
 * thread (its owner).
 *
 * <p>Why unshare on a thread rather than {@code ip netns add}: no name in a global directory to collide
 * with parallel runs or to leak when the JVM dies; nothing is mounted; and the namespace is destroyed
 * by the kernel the moment its last thread and fd are gone, so a crash cannot leave one behind. Other
 * threads join it through the fd kept here ({@link #newThread}), and child processes are spawned from
 * the owner thread, which they inherit the namespace from.
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private final NamespaceThread owner;
    private final int fd;
    private final int serial;
    private boolean closed;

    private NetworkNamespace(NamespaceThread owner, int fd, int serial) {
        this.owner = owner;
        this.fd = fd;
        this.serial = serial;
    }

    /** A new, empty namespace (only a down {@code lo} in it). Needs CAP_SYS_ADMIN. */
    public static NetworkNamespace create() throws LinuxException {
        int serial = SERIAL.incrementAndGet();
        NamespaceThread owner = NamespaceThread.start("jdrill-netns-" + serial, () -> {
            SyscallResult r = Syscalls.unshare(KernelConstants.CLONE_NEWNET);
            return r.failed() ? "unshare(CLONE_NEWNET) failed: " + Errnos.describe(r.errno()) : null;
        });
        try {
            int fd = owner.call(() -> (int) Syscalls.open("/proc/thread-self/ns/net",
                    KernelConstants.O_RDONLY | KernelConstants.O_CLOEXEC).orThrow("open /proc/thread-self/ns/net"));
            return new NetworkNamespace(owner, fd, serial);
        } catch (LinuxException e) {
            owner.close();
            throw e;
        }
    }

    /** Runs {@code task} on the owner thread, inside the namespace. */
    public <T> T call(Callable<T> task) throws LinuxException {
        return owner.call(task);
    }

    /** A new platform thread that has joined this namespace. */
    public NamespaceThread newThread(String role) throws LinuxException {
        return NamespaceThread.joining("jdrill-netns-" + serial + "-" + role, fd);
    }

    /**
     * Moves the calling platform thread into this namespace (so that sockets it creates live here) until
     * the returned entry is closed on that same thread.
     */
    public NamespaceEntry enterCurrentThread() throws LinuxException {
        return NamespaceEntry.enter(fd);
    }

    /** An fd referring to the namespace (valid until {@link #close()}). */
    public int fd() {
        return fd;
    }

    /** The owner thread's kernel id: unique among live namespaces, used as PACKETDRILL_PID. */
    public int ownerTid() {
        return owner.tid();
    }

    /** A path other processes can open to enter this namespace (e.g. {@code nsenter --net=...}). */
    public String path() {
        return "/proc/" + ProcessHandle.current().pid() + "/task/" + owner.tid() + "/ns/net";
    }

    /** Ends the owner thread and closes the fd; the kernel frees the namespace once nothing else is in it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        owner.stop();
        Syscalls.close(fd);
    }
}
