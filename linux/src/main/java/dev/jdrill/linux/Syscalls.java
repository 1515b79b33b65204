package dev.jdrill.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * C library calls through the FFM API, each with errno captured at the call. Every method returns what
 * the C function returned and never throws for a failed call: the caller decides what a failure means
 * (for a script, an expected errno is a result like any other).
 *
 * <p>Handles are linked when this class initialises; {@link #warmUp()} forces that, and one trip
 * through the invocation path, before a script's time zero.
 */
public final class Syscalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** One capture buffer per thread; an automatic arena lets it go with the thread. */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private static final FunctionDescriptor I_I = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor I_II = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor I_III = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor I_IPI = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor I_IPP = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final FunctionDescriptor L_IPL = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final FunctionDescriptor L_IPLI =
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final FunctionDescriptor L_IPI = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);

    private static final MethodHandle SOCKET = link("socket", I_III);
    private static final MethodHandle BIND = link("bind", I_IPI);
    private static final MethodHandle LISTEN = link("listen", I_II);
    private static final MethodHandle ACCEPT4 = link("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = link("connect", I_IPI);
    private static final MethodHandle GETSOCKNAME = link("getsockname", I_IPP);
    private static final MethodHandle GETPEERNAME = link("getpeername", I_IPP);
    private static final MethodHandle READ = link("read", L_IPL);
    private static final MethodHandle WRITE = link("write", L_IPL);
    private static final MethodHandle WRITEV = link("writev", L_IPI);
    private static final MethodHandle RECV = link("recv", L_IPLI);
    private static final MethodHandle SEND = link("send", L_IPLI);
    private static final MethodHandle RECVFROM = link("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDTO = link("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMSG = link("sendmsg", L_IPI);
    private static final MethodHandle RECVMSG = link("recvmsg", L_IPI);
    private static final MethodHandle CLOSE = link("close", I_I);
    private static final MethodHandle SHUTDOWN = link("shutdown", I_II);
    private static final MethodHandle SETSOCKOPT = link("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = link("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    // fcntl, ioctl and open are variadic: the extra argument must be declared as such for the ABI.
    private static final MethodHandle FCNTL = link("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_POINTER = link("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_VALUE = link("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle OPEN = link("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = link("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle EPOLL_CREATE1 = link("epoll_create1", I_I);
    private static final MethodHandle EPOLL_CTL = link("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = link("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = link("eventfd", I_II);
    private static final MethodHandle PIPE2 = link("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDFILE = link("sendfile",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SPLICE = link("splice",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle UNSHARE = link("unshare", I_I);
    private static final MethodHandle SETNS = link("setns", I_II);
    private static final MethodHandle GETTID = link("gettid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEUID = link("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SETPRIORITY = link("setpriority", I_III);
    private static final MethodHandle GETPRIORITY = link("getpriority", I_II);

    private Syscalls() {
    }

    private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name + "()"));
        Linker.Option[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = Linker.Option.captureCallState("errno");
        return LINKER.downcallHandle(symbol, descriptor, all);
    }

    /** Links every handle and runs harmless calls once, so no first-call cost lands inside a script. */
    public static void warmUp() {
        for (int i = 0; i < 3; i++) {
            close(-1);
            fcntl(-1, 1, 0);
            gettid();
        }
    }

    private static SyscallResult result(long value, MemorySegment capture) {
        return new SyscallResult(value, value < 0 ? (int) ERRNO.get(capture, 0L) : 0);
    }

    /** Errors from invokeExact itself are programming errors (a wrong signature), never a C failure. */
    private static AssertionError linkage(Throwable t) {
        return new AssertionError("FFM call failed to dispatch", t);
    }

    public static SyscallResult socket(int domain, int type, int protocol) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) SOCKET.invokeExact(c, domain, type, protocol), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult bind(int fd, MemorySegment address, int length) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) BIND.invokeExact(c, fd, address, length), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult listen(int fd, int backlog) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) LISTEN.invokeExact(c, fd, backlog), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** accept4; {@code address}/{@code length} may be {@link MemorySegment#NULL}. */
    public static SyscallResult accept4(int fd, MemorySegment address, MemorySegment length, int flags) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) ACCEPT4.invokeExact(c, fd, address, length, flags), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult accept(int fd, MemorySegment address, MemorySegment length) {
        return accept4(fd, address, length, 0);
    }

    public static SyscallResult connect(int fd, MemorySegment address, int length) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) CONNECT.invokeExact(c, fd, address, length), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult getsockname(int fd, MemorySegment address, MemorySegment length) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) GETSOCKNAME.invokeExact(c, fd, address, length), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult getpeername(int fd, MemorySegment address, MemorySegment length) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) GETPEERNAME.invokeExact(c, fd, address, length), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult read(int fd, MemorySegment buffer, long count) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) READ.invokeExact(c, fd, buffer, count), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult write(int fd, MemorySegment buffer, long count) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) WRITE.invokeExact(c, fd, buffer, count), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** writev over an array of {@code struct iovec} ({@code count} entries). */
    public static SyscallResult writev(int fd, MemorySegment iovecs, int count) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) WRITEV.invokeExact(c, fd, iovecs, count), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult recv(int fd, MemorySegment buffer, long count, int flags) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) RECV.invokeExact(c, fd, buffer, count, flags), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult send(int fd, MemorySegment buffer, long count, int flags) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) SEND.invokeExact(c, fd, buffer, count, flags), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult recvfrom(int fd, MemorySegment buffer, long count, int flags,
            MemorySegment address, MemorySegment length) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) RECVFROM.invokeExact(c, fd, buffer, count, flags, address, length), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult sendto(int fd, MemorySegment buffer, long count, int flags,
            MemorySegment address, int length) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) SENDTO.invokeExact(c, fd, buffer, count, flags, address, length), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** sendmsg with a caller-built {@code struct msghdr}. */
    public static SyscallResult sendmsg(int fd, MemorySegment msghdr, int flags) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) SENDMSG.invokeExact(c, fd, msghdr, flags), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** recvmsg with a caller-built {@code struct msghdr}. */
    public static SyscallResult recvmsg(int fd, MemorySegment msghdr, int flags) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) RECVMSG.invokeExact(c, fd, msghdr, flags), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult close(int fd) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) CLOSE.invokeExact(c, fd), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult shutdown(int fd, int how) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) SHUTDOWN.invokeExact(c, fd, how), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult setsockopt(int fd, int level, int name, MemorySegment value, int length) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) SETSOCKOPT.invokeExact(c, fd, level, name, value, length), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** getsockopt; {@code length} is an in/out {@code socklen_t}. */
    public static SyscallResult getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment length) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) GETSOCKOPT.invokeExact(c, fd, level, name, value, length), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult fcntl(int fd, int command, long argument) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) FCNTL.invokeExact(c, fd, command, argument), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** An ioctl whose argument is a pointer (TUNSETIFF, SIOCINQ...). */
    public static SyscallResult ioctl(int fd, long request, MemorySegment argument) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) IOCTL_POINTER.invokeExact(c, fd, request, argument), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** An ioctl whose argument is a plain value (TUNSETOFFLOAD). */
    public static SyscallResult ioctlValue(int fd, long request, long argument) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) IOCTL_VALUE.invokeExact(c, fd, request, argument), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult open(String path, int flags) {
        MemorySegment c = CAPTURE.get();
        try (Arena arena = Arena.ofConfined()) {
            return result((int) OPEN.invokeExact(c, arena.allocateFrom(path), flags, 0), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** poll over an array of {@code struct pollfd} (8 bytes each). */
    public static SyscallResult poll(MemorySegment pollfds, long count, int timeoutMillis) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) POLL.invokeExact(c, pollfds, count, timeoutMillis), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult epollCreate1(int flags) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) EPOLL_CREATE1.invokeExact(c, flags), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** epoll_ctl with a {@code struct epoll_event} (12 bytes, packed on x86-64). */
    public static SyscallResult epollCtl(int epfd, int op, int fd, MemorySegment event) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) EPOLL_CTL.invokeExact(c, epfd, op, fd, event), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) EPOLL_WAIT.invokeExact(c, epfd, events, maxEvents, timeoutMillis), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** setpriority(PRIO_PROCESS, tid, nice): on Linux a tid names one thread, so this renices only it. */
    public static SyscallResult setThreadNice(int tid, int nice) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) SETPRIORITY.invokeExact(c, 0, tid, nice), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** The thread's nice value (getpriority(PRIO_PROCESS, tid); -1 is a valid answer, so errno decides). */
    public static int threadNice(int tid) {
        MemorySegment c = CAPTURE.get();
        ERRNO.set(c, 0L, 0);
        try {
            return (int) GETPRIORITY.invokeExact(c, 0, tid);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** pipe2(2): {@code fds} receives the read end then the write end (two ints). */
    public static SyscallResult pipe2(MemorySegment fds, int flags) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) PIPE2.invokeExact(c, fds, flags), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** sendfile(2); {@code offset} is an {@code off_t*} or NULL. */
    public static SyscallResult sendfile(int outFd, int inFd, MemorySegment offset, long count) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) SENDFILE.invokeExact(c, outFd, inFd, offset, count), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** splice(2); the offsets are {@code loff_t*} or NULL. */
    public static SyscallResult splice(int inFd, MemorySegment inOffset, int outFd, MemorySegment outOffset, long length,
            int flags) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((long) SPLICE.invokeExact(c, inFd, inOffset, outFd, outOffset, length, flags), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static SyscallResult eventfd(int initial, int flags) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) EVENTFD.invokeExact(c, initial, flags), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** unshare(2): namespaces belong to the calling thread, so this moves only that thread. */
    public static SyscallResult unshare(int flags) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) UNSHARE.invokeExact(c, flags), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** setns(2): moves the calling thread into the namespace {@code fd} refers to. */
    public static SyscallResult setns(int fd, int type) {
        MemorySegment c = CAPTURE.get();
        try {
            return result((int) SETNS.invokeExact(c, fd, type), c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static int gettid() {
        MemorySegment c = CAPTURE.get();
        try {
            return (int) GETTID.invokeExact(c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    public static int geteuid() {
        MemorySegment c = CAPTURE.get();
        try {
            return (int) GETEUID.invokeExact(c);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }
}
