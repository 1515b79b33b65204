package dev.jdrill.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The TUN device a script's packets pass through, set up as packetdrill sets up its own (netdev.c):
 * IFF_TUN | IFF_NO_PI | IFF_VNET_HDR, with TSO and checksum offload (TUNSETOFFLOAD), so the kernel
 * sends TSO-sized segments as one packet and leaves the TCP checksum partial, exactly as under
 * packetdrill. Each read and write therefore carries a 10-byte virtio_net_hdr, which this class strips
 * and adds (all zeros on injection: a complete packet with a valid checksum).
 *
 * <p>A {@link FdReaderThread} reads each packet the moment it is there and timestamps it before anything
 * else; {@link #close()} wakes it at once.
 */
public final class TunDevice implements AutoCloseable {
    private static final int BUFFER = 65536 + KernelConstants.VIRTIO_NET_HDR_LENGTH;

    private final int fd;
    private final FdReaderThread reader;
    private final String name;
    private final LinkedBlockingQueue<TunFrame> outbound = new LinkedBlockingQueue<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment injectBuffer = arena.allocate(BUFFER, 8);
    private boolean closed;

    private TunDevice(int fd, FdReaderThread reader, String name) {
        this.fd = fd;
        this.reader = reader;
        this.name = name;
    }

    /** Creates {@code name} inside the namespace (the device belongs to the namespace of its creator). */
    public static TunDevice create(NetworkNamespace namespace, String name) throws LinuxException {
        return namespace.call(() -> createHere(name));
    }

    private static TunDevice createHere(String name) throws LinuxException {
        int fd = (int) Syscalls.open("/dev/net/tun", KernelConstants.O_RDWR | KernelConstants.O_CLOEXEC)
                .orThrow("open /dev/net/tun");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifreq = a.allocate(KernelConstants.SIZEOF_IFREQ, 8);
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(MemorySegment.ofArray(n), 0, ifreq, 0, Math.min(n.length, KernelConstants.IFNAMSIZ - 1));
            ifreq.set(ValueLayout.JAVA_SHORT, KernelConstants.IFNAMSIZ,
                    (short) (KernelConstants.IFF_TUN | KernelConstants.IFF_NO_PI | KernelConstants.IFF_VNET_HDR));
            Syscalls.ioctl(fd, KernelConstants.TUNSETIFF, ifreq).orThrow("TUNSETIFF " + name);
            Syscalls.ioctlValue(fd, KernelConstants.TUNSETOFFLOAD, KernelConstants.TUN_F_CSUM
                    | KernelConstants.TUN_F_TSO4 | KernelConstants.TUN_F_TSO6 | KernelConstants.TUN_F_TSO_ECN)
                    .orThrow("TUNSETOFFLOAD");
            return new TunDevice(fd, FdReaderThread.create(fd, name), name);
        } catch (LinuxException | RuntimeException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** Starts the reader thread; packets the kernel sends from now on are queued. */
    public synchronized void startReader() {
        if (closed) {
            return;
        }
        reader.start("jdrill-tun-reader-" + name, BUFFER, buffer -> Syscalls.read(fd, buffer, BUFFER),
                (buffer, length, nanoTime) -> {
                    int packetLength = length - KernelConstants.VIRTIO_NET_HDR_LENGTH;
                    if (packetLength > 0) {
                        outbound.add(new TunFrame(buffer.asSlice(KernelConstants.VIRTIO_NET_HDR_LENGTH, packetLength)
                                .toArray(ValueLayout.JAVA_BYTE), nanoTime));
                    }
                });
    }

    /** The next packet the kernel sent, waiting up to {@code timeoutNanos} (0: do not wait). */
    public Optional<TunFrame> nextOutbound(long timeoutNanos) throws InterruptedException {
        TunFrame f = timeoutNanos <= 0 ? outbound.poll() : outbound.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        return Optional.ofNullable(f);
    }

    /** Why the reader stopped, if it stopped on an error. */
    public Optional<String> readerFailure() {
        return reader.failure();
    }

    /** Delivers an IP packet to the kernel as if it had arrived on the device. */
    public void inject(byte[] ipPacket) throws LinuxException {
        inject(ipPacket, 0);
    }

    /**
     * As above; with {@code gsoSize} > 0 the packet (a TCP segment) is marked in its virtio_net_hdr as a GSO
     * packet to be cut into segments of that size, as packetdrill's {@code --mss} does (netdev.c
     * linux_tun_write): gso_type TCPV4 or TCPV6, gso_size, nothing else.
     */
    public synchronized void inject(byte[] ipPacket, int gsoSize) throws LinuxException {
        if (closed) {
            throw new LinuxException(name + " is closed");
        }
        if (ipPacket.length > BUFFER - KernelConstants.VIRTIO_NET_HDR_LENGTH) {
            throw new LinuxException("packet of " + ipPacket.length + " bytes is too long to inject");
        }
        injectBuffer.asSlice(0, KernelConstants.VIRTIO_NET_HDR_LENGTH).fill((byte) 0);
        if (gsoSize > 0) {
            boolean v6 = (ipPacket[0] >> 4 & 0xf) == 6;
            injectBuffer.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 1, (byte) (v6 ? VIRTIO_NET_HDR_GSO_TCPV6
                    : VIRTIO_NET_HDR_GSO_TCPV4));
            // Legacy virtio headers are in the host's byte order (tun without TUNSETVNETLE/BE).
            injectBuffer.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 4, (short) gsoSize);
        }
        MemorySegment.copy(MemorySegment.ofArray(ipPacket), 0, injectBuffer, KernelConstants.VIRTIO_NET_HDR_LENGTH,
                ipPacket.length);
        long total = KernelConstants.VIRTIO_NET_HDR_LENGTH + ipPacket.length;
        SyscallResult r = Syscalls.write(fd, injectBuffer, total);
        if (r.failed()) {
            throw new LinuxException("write to " + name + " failed: " + Errnos.describe(r.errno()));
        }
        if (r.value() != total) {
            throw new LinuxException("short write to " + name + ": " + r.value() + " of " + total + " bytes");
        }
    }

    private static final int VIRTIO_NET_HDR_GSO_TCPV4 = 1;
    private static final int VIRTIO_NET_HDR_GSO_TCPV6 = 4;

    /** Stops the reader and closes the device (which removes it from its namespace). */
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
