package dev.jdrill.target.remote.link;

import dev.jdrill.linux.LinkFrame;
import dev.jdrill.linux.LinuxException;
import dev.jdrill.linux.PacketSocket;
import dev.jdrill.wire.IcmpMessage;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.codec.DecodeResult;
import dev.jdrill.wire.codec.PacketCodec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The wire side of the remote target: a packet socket on one interface, playing the script's peer
 * address. It answers ARP and neighbour solicitations for that address (so the host under test can send
 * to it), learns the host's MAC address by asking, and queues the IP packets the host sends from its
 * address to the peer's, timestamped as read; every other frame on the interface is left alone.
 *
 * <p>The peer gets a MAC address of its own, derived from the interface's (locally administered), and
 * the socket makes the interface promiscuous while it is open. So the host under test sends the
 * peer's segments to a MAC this machine's stack does not own: the stack drops them as another host's
 * traffic, where with the interface's own MAC it would answer them (an ICMP unreachable, which makes
 * Linux revert its RTO backoff, or a RST). packetdrill's wire server uses firewall rules for the same
 * end. The peer address must not belong to this machine either.
 */
public final class EthernetLink implements AutoCloseable {
    private static final int RESOLVE_TRIES = 3;
    private static final long RESOLVE_WAIT_NANOS = 1_000_000_000L;

    /** An IP packet the host under test sent, and when it was read off the interface. */
    public record Captured(IpPacket packet, long readNanos) {
    }

    private final PacketSocket socket;
    private final InetAddress hostAddress;
    private final InetAddress peerAddress;
    private final byte[] ourMac;
    private final CompletableFuture<byte[]> hostMac = new CompletableFuture<>();
    private final LinkedBlockingQueue<Captured> captured = new LinkedBlockingQueue<>();

    private EthernetLink(PacketSocket socket, InetAddress hostAddress, InetAddress peerAddress) {
        this.socket = socket;
        this.hostAddress = hostAddress;
        this.peerAddress = peerAddress;
        this.ourMac = peerMac(socket.mac());
    }

    /** The interface's MAC made locally administered and changed in one byte: never the interface's own. */
    static byte[] peerMac(byte[] interfaceMac) {
        byte[] mac = interfaceMac.clone();
        mac[0] = (byte) ((mac[0] | 0x02) & 0xfe);
        mac[3] ^= 0x6a;
        return mac;
    }

    /**
     * Opens the interface (in the calling thread's namespace), starts answering for {@code peerAddress}
     * and finds the MAC address of {@code hostAddress}, unless {@code knownHostMac} gives it.
     */
    public static EthernetLink open(String interfaceName, InetAddress hostAddress, InetAddress peerAddress,
            Optional<byte[]> knownHostMac) throws LinuxException {
        PacketSocket socket = PacketSocket.open(interfaceName);
        EthernetLink link = new EthernetLink(socket, hostAddress, peerAddress);
        try {
            knownHostMac.ifPresent(link.hostMac::complete);
            socket.startReader(link::received);
            link.resolveHost();
            return link;
        } catch (LinuxException | RuntimeException e) {
            link.close();
            throw e;
        }
    }

    private void resolveHost() throws LinuxException {
        for (int i = 0; i < RESOLVE_TRIES && !hostMac.isDone(); i++) {
            socket.send(hostAddress instanceof Inet4Address
                    ? EthernetFrames.arpRequest(ourMac, peerAddress, hostAddress)
                    : EthernetFrames.neighbourSolicitation(ourMac, peerAddress, hostAddress));
            try {
                hostMac.get(RESOLVE_WAIT_NANOS, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // ask again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LinuxException("interrupted while resolving " + hostAddress.getHostAddress());
            } catch (ExecutionException e) {
                throw new LinuxException(e.getCause().getMessage());
            }
        }
        if (!hostMac.isDone()) {
            throw new LinuxException("no answer from " + hostAddress.getHostAddress() + " on " + socket.interfaceName()
                    + " to " + (hostAddress instanceof Inet4Address ? "ARP" : "neighbour solicitation")
                    + " (is it up, on this link, with a route to " + peerAddress.getHostAddress() + " via it?)");
        }
    }

    /** On the reader thread: answer for the peer address, learn the host's MAC, keep the host's packets. */
    private void received(LinkFrame f) {
        byte[] frame = f.frame();
        int type = EthernetFrames.type(frame);
        if (type == EthernetFrames.TYPE_ARP) {
            EthernetFrames.arp(frame).ifPresent(this::arp);
            return;
        }
        if (type != EthernetFrames.TYPE_IPV4 && type != EthernetFrames.TYPE_IPV6) {
            return;
        }
        if (!(PacketCodec.decode(EthernetFrames.payload(frame)) instanceof DecodeResult.Decoded d)) {
            return;
        }
        IpPacket p = d.packet();
        if (p.transport() instanceof IcmpMessage m && EthernetFrames.neighbourTarget(m).isPresent()) {
            neighbour(frame, p, m);
            return;
        }
        if (p.source().equals(hostAddress) && p.destination().equals(peerAddress)) {
            captured.add(new Captured(p, f.readNanos()));
        }
    }

    private void arp(EthernetFrames.Arp arp) {
        if (arp.isRequest() && arp.targetIp().equals(peerAddress)) {
            sendQuietly(EthernetFrames.arpReply(arp, ourMac, peerAddress));
        }
        if (arp.senderIp().equals(hostAddress)) {
            hostMac.complete(arp.senderMac());
        }
    }

    private void neighbour(byte[] frame, IpPacket p, IcmpMessage m) {
        InetAddress target = EthernetFrames.neighbourTarget(m).orElseThrow();
        if (m.type() == EthernetFrames.ND_SOLICIT && target.equals(peerAddress)) {
            sendQuietly(EthernetFrames.neighbourAdvertisement(EthernetFrames.source(frame), p.source(), ourMac,
                    peerAddress));
        }
        if (p.source().equals(hostAddress) || (m.type() == EthernetFrames.ND_ADVERT && target.equals(hostAddress))) {
            hostMac.complete(EthernetFrames.source(frame));
        }
    }

    private void sendQuietly(byte[] frame) {
        try {
            socket.send(frame);
        } catch (LinuxException e) {
            // The next solicitation asks again; a dead socket shows up as the reader's failure.
        }
    }

    /** Sends a packet from the peer to the host under test. */
    public void inject(IpPacket packet) throws LinuxException {
        socket.send(EthernetFrames.ipFrame(hostMac.getNow(EthernetFrames.BROADCAST), ourMac, packet));
    }

    /** The next packet the host sent to the peer, waiting up to {@code timeoutNanos} (0: do not wait). */
    public Optional<Captured> next(long timeoutNanos) throws InterruptedException {
        Captured c = timeoutNanos <= 0 ? captured.poll() : captured.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        return Optional.ofNullable(c);
    }

    /** Forgets what was captured so far (warm-up). */
    public void drain() {
        captured.clear();
    }

    public Optional<String> failure() {
        return socket.readerFailure();
    }

    public String hostMacText() {
        return EthernetFrames.macText(hostMac.getNow(new byte[6]));
    }

    public byte[] ourMac() {
        return Arrays.copyOf(ourMac, 6);
    }

    @Override
    public void close() {
        socket.close();
    }
}
