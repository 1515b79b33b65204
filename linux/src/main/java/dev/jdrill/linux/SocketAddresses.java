package dev.jdrill.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * {@code struct sockaddr_in} (16 bytes) and {@code struct sockaddr_in6} (28 bytes) in native memory.
 * Port and address are in network byte order; the family is in host order.
 */
public final class SocketAddresses {
    public static final int SIZEOF_SOCKADDR_IN = 16;
    public static final int SIZEOF_SOCKADDR_IN6 = 28;
    /** Large enough for any address family this module handles (sizeof(struct sockaddr_storage)). */
    public static final int SIZEOF_SOCKADDR_STORAGE = 128;
    private static final ValueLayout.OfShort NET_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SocketAddresses() {
    }

    /**
     * The sockaddr for {@code address}:{@code port}: sockaddr_in for an Inet4Address, sockaddr_in6
     * otherwise (use {@link #mapped} first to give an IPv4 address to an AF_INET6 socket).
     */
    public static MemorySegment allocate(Arena arena, InetAddress address, int port) {
        boolean v4 = address instanceof Inet4Address;
        MemorySegment s = arena.allocate(v4 ? SIZEOF_SOCKADDR_IN : SIZEOF_SOCKADDR_IN6, 4);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) (v4 ? KernelConstants.AF_INET : KernelConstants.AF_INET6));
        s.set(NET_SHORT, 2, (short) port);
        byte[] raw = address.getAddress();
        // sockaddr_in: address at 4. sockaddr_in6: flowinfo at 4 (zero), address at 8, scope id at 24.
        MemorySegment.copy(MemorySegment.ofArray(raw), 0, s, v4 ? 4 : 8, raw.length);
        return s;
    }

    /** {@code ::ffff:a.b.c.d} for an IPv4 address (as an Inet6Address), the address itself otherwise. */
    public static InetAddress mapped(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return address;
        }
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(address.getAddress(), 0, v6, 12, 4);
        try {
            return Inet6Address.getByAddress(null, v6, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }

    /** The IPv4 address inside {@code ::ffff:a.b.c.d}, the address itself otherwise. */
    public static InetAddress unmapped(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return address;
            }
        }
        if (raw[10] != (byte) 0xff || raw[11] != (byte) 0xff) {
            return address;
        }
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOfRange(raw, 12, 16));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }

    /** Reads a sockaddr_in / sockaddr_in6 back; empty for any other family or a short buffer. */
    public static Optional<InetSocketAddress> read(MemorySegment s, long length) {
        if (length < 2 || s.byteSize() < 2) {
            return Optional.empty();
        }
        int family = s.get(ValueLayout.JAVA_SHORT, 0);
        try {
            if (family == KernelConstants.AF_INET && length >= SIZEOF_SOCKADDR_IN) {
                byte[] raw = s.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
                return Optional.of(new InetSocketAddress(InetAddress.getByAddress(raw), port(s)));
            }
            if (family == KernelConstants.AF_INET6 && length >= SIZEOF_SOCKADDR_IN6) {
                byte[] raw = s.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
                return Optional.of(new InetSocketAddress(Inet6Address.getByAddress(null, raw, -1), port(s)));
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("fixed-length addresses are always valid", e);
        }
        return Optional.empty();
    }

    private static int port(MemorySegment s) {
        return Short.toUnsignedInt(s.get(NET_SHORT, 2));
    }
}
