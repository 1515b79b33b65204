package dev.jdrill.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An AF_PACKET socket bound to one interface: sends whole Ethernet frames and hands every frame that
 * arrives on the interface (not the ones this host sends) to a sink, timestamped as it is read. This
 * is how the remote target injects and captures on a NIC, as packetdrill's wire server does
 * (packet_socket_linux.c), through FFM like the rest of this module.
 *
 * <p>The socket belongs to the network namespace of the thread that opens it, so open it on a thread
 * in the namespace the interface lives in. Its reader is a {@link FdReaderThread}, so {@link #close}
 * wakes it at once.
 */
public final class PacketSocket implements AutoCloseable {
    private static final int AF_PACKET = 17;
    private static final int ETH_P_ALL = 0x0003;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_IGNORE_OUTGOING = 23;
    private static final int PACKET_ADD_MEMBERSHIP = 1;
    private static final short PACKET_MR_PROMISC = 1;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final long SIOCGIFINDEX = 0x8933L;
    private static final long SIOCGIFHWADDR = 0x8927L;
    private static final int SIZEOF_SOCKADDR_LL = 20;
    private static final byte PACKET_OUTGOING = 4;
    private static final int BUFFER = 65_600;

    private final int fd;
    private final FdReaderThread reader;
    private final String interfaceName;
    private final int interfaceIndex;
    private final byte[] mac;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment sendBuffer = arena.allocate(BUFFER, 8);
    private boolean closed;

    private PacketSocket(int fd, FdReaderThread reader, String interfaceName, int interfaceIndex, byte[] mac) {
        this.fd = fd;
        this.reader = reader;
        this.interfaceName = interfaceName;
        this.interfaceIndex = interfaceIndex;
        this.mac = mac;
    }

    /** Opens a packet socket on {@code interfaceName} in the calling thread's namespace. */
    public static PacketSocket open(String interfaceName) throws LinuxException {
        if (interfaceName.isEmpty() || interfaceName.length() >= KernelConstants.IFNAMSIZ) {
            throw new LinuxException("'" + interfaceName + "' is not an interface name");
        }
        int protocol = Short.toUnsignedInt(Short.reverseBytes((short) ETH_P_ALL));
        SyscallResult s = Syscalls.socket(AF_PACKET, KernelConstants.SOCK_RAW | KernelConstants.SOCK_CLOEXEC, protocol);
        if (s.failed()) {
            throw new LinuxException("cannot open a packet socket: " + Errnos.describe(s.errno())
                    + (s.errno() == 1 ? " (needs CAP_NET_RAW: run as root)" : ""));
        }
        int fd = s.intValue();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifreq = a.allocate(KernelConstants.SIZEOF_IFREQ, 8);
            byte[] n = interfaceName.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(MemorySegment.ofArray(n), 0, ifreq, 0, n.length);
            SyscallResult r = Syscalls.ioctl(fd, SIOCGIFINDEX, ifreq);
            if (r.failed()) {
                throw new LinuxException("no interface " + interfaceName + " here: " + Errnos.describe(r.errno()));
            }
            int index = ifreq.get(ValueLayout.JAVA_INT, KernelConstants.IFNAMSIZ);
            Syscalls.ioctl(fd, SIOCGIFHWADDR, ifreq).orThrow("SIOCGIFHWADDR " + interfaceName);
            if (ifreq.get(ValueLayout.JAVA_SHORT, KernelConstants.IFNAMSIZ) != 1) { // ARPHRD_ETHER
                throw new LinuxException(interfaceName + " is not an Ethernet interface");
            }
            byte[] mac = ifreq.asSlice(KernelConstants.IFNAMSIZ + 2, 6).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment ll = a.allocate(SIZEOF_SOCKADDR_LL, 8);
            ll.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
            ll.set(ValueLayout.JAVA_SHORT, 2, (short) protocol);
            ll.set(ValueLayout.JAVA_INT, 4, index);
            Syscalls.bind(fd, ll, SIZEOF_SOCKADDR_LL).orThrow("bind packet socket to " + interfaceName);
            MemorySegment one = a.allocate(ValueLayout.JAVA_INT);
            one.set(ValueLayout.JAVA_INT, 0, 1);
            // Our own injections are not captures: the kernel leaves them out of this socket.
            Syscalls.setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, one, 4);
            // Promiscuous for as long as this socket is open (the kernel counts it per membership and
            // drops it when the socket closes): the remote target plays a MAC address of its own, and
            // frames to it reach this socket while this host's stack drops them as not its own.
            MemorySegment mreq = a.allocate(16, 8);
            mreq.set(ValueLayout.JAVA_INT, 0, index);
            mreq.set(ValueLayout.JAVA_SHORT, 4, PACKET_MR_PROMISC);
            Syscalls.setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq, 16)
                    .orThrow("PACKET_ADD_MEMBERSHIP (promiscuous) on " + interfaceName);
            one.set(ValueLayout.JAVA_INT, 0, 2 * 1024 * 1024);
            Syscalls.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, one, 4);
            return new PacketSocket(fd, FdReaderThread.create(fd, "the packet socket on " + interfaceName),
                    interfaceName, index, mac);
        } catch (LinuxException | RuntimeException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    public String interfaceName() {
        return interfaceName;
    }

    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** The interface's own MAC address. */
    public byte[] mac() {
        return mac.clone();
    }

    /** Starts the reader: every frame that arrives from now on goes to {@code sink}, on the reader thread. */
    public synchronized void startReader(Consumer<LinkFrame> sink) {
        if (closed) {
            return;
        }
        // Used by the reader thread alone; freed with the arena once close() has stopped it.
        MemorySegment from = arena.allocate(SIZEOF_SOCKADDR_LL, 8);
        MemorySegment fromLength = arena.allocate(ValueLayout.JAVA_INT);
        reader.start("jdrill-packet-reader-" + interfaceName, BUFFER, buffer -> {
            fromLength.set(ValueLayout.JAVA_INT, 0, SIZEOF_SOCKADDR_LL);
            return Syscalls.recvfrom(fd, buffer, BUFFER, 0x40 /* MSG_DONTWAIT */, from, fromLength);
        }, (buffer, length, nanoTime) -> {
            if (from.get(ValueLayout.JAVA_BYTE, 10) != PACKET_OUTGOING) {
                sink.accept(new LinkFrame(buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE), nanoTime));
            }
        });
    }

    /** Why the reader stopped, if it stopped on an error. */
    public Optional<String> readerFailure() {
        return reader.failure();
    }

    /** Sends one whole Ethernet frame (header included) out of the interface. */
    public synchronized void send(byte[] frame) throws LinuxException {
        if (closed) {
            throw new LinuxException("the packet socket on " + interfaceName + " is closed");
        }
        if (frame.length > BUFFER) {
            throw new LinuxException("frame of " + frame.length + " bytes is too long to send");
        }
        MemorySegment.copy(MemorySegment.ofArray(frame), 0, sendBuffer, 0, frame.length);
        SyscallResult r = Syscalls.send(fd, sendBuffer, frame.length, 0);
        if (r.failed()) {
            throw new LinuxException("sending on " + interfaceName + " failed: " + Errnos.describe(r.errno()));
        }
    }

    /** Stops the reader and closes the socket. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        reader.close();
        Syscalls.close(fd);
        synchronized (this) {
            arena.close();
        }
    }
}
