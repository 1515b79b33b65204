package dev.jdrill.cli.frompcap;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The segments of one TCP connection in a capture, in capture order, with the end that plays the stack
 * under test ({@code local}: its segments become {@code >} lines) and the scripted peer.
 */
record TcpConnection(Endpoint local, Endpoint peer, List<CapturedSegment> segments) {

    /** A segment with its capture time and whether the local stack sent it. */
    record CapturedSegment(long micros, boolean fromLocal, TcpSegment tcp) {
    }

    /** Where packetdrill puts the remote end (192.0.2.1, fd3d:fa7b:d17d::1): the other end is the stack. */
    private static final Set<String> PACKETDRILL_REMOTE = Set.of("192.0.2.1", "fd3d:fa7b:d17d:0:0:0:0:1");

    /**
     * The one connection of the capture, or the one {@code flow} names ({@code LOCAL-PEER}, the first
     * endpoint being the stack under test).
     */
    static TcpConnection select(List<CapturedPacket> packets, java.util.Optional<Flow> flow) throws CaptureException {
        Map<Set<Endpoint>, List<CapturedPacket>> byConnection = new LinkedHashMap<>();
        for (CapturedPacket p : packets) {
            if (p.packet().transport() instanceof TcpSegment tcp) {
                Set<Endpoint> key = Set.of(source(p.packet(), tcp), destination(p.packet(), tcp));
                if (key.size() == 2) {
                    byConnection.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
                }
            }
        }
        if (byConnection.isEmpty()) {
            throw new CaptureException("the capture holds no TCP segments");
        }
        if (flow.isPresent()) {
            List<CapturedPacket> chosen = byConnection.get(Set.of(flow.get().local(), flow.get().peer()));
            if (chosen == null) {
                throw new CaptureException("no TCP connection " + flow.get() + " in the capture (it has "
                        + describe(byConnection) + ")");
            }
            return of(flow.get().local(), flow.get().peer(), chosen);
        }
        if (byConnection.size() > 1) {
            throw new CaptureException("the capture holds " + byConnection.size()
                    + " TCP connections; choose one with --flow LOCAL-PEER: " + describe(byConnection));
        }
        List<CapturedPacket> only = byConnection.values().iterator().next();
        Endpoint local = guessLocal(only);
        IpPacket first = only.getFirst().packet();
        TcpSegment tcp = (TcpSegment) first.transport();
        Endpoint a = source(first, tcp);
        return of(local, local.equals(a) ? destination(first, tcp) : a, only);
    }

    /**
     * Which end is the stack under test, when nobody said: the end talking to packetdrill's remote
     * address if there is one (a capture of a jdrill or packetdrill run), else the end that sent the first
     * SYN (the connecting client), else the end that sent the first segment.
     */
    private static Endpoint guessLocal(List<CapturedPacket> packets) {
        IpPacket first = packets.getFirst().packet();
        TcpSegment firstTcp = (TcpSegment) first.transport();
        for (Endpoint e : List.of(source(first, firstTcp), destination(first, firstTcp))) {
            if (PACKETDRILL_REMOTE.contains(e.address().getHostAddress())) {
                return e.equals(source(first, firstTcp)) ? destination(first, firstTcp) : source(first, firstTcp);
            }
        }
        for (CapturedPacket p : packets) {
            TcpSegment tcp = (TcpSegment) p.packet().transport();
            if (tcp.flags().syn() && !tcp.flags().ack()) {
                return source(p.packet(), tcp);
            }
        }
        return source(first, firstTcp);
    }

    private static TcpConnection of(Endpoint local, Endpoint peer, List<CapturedPacket> packets) {
        List<CapturedSegment> segments = new ArrayList<>();
        for (CapturedPacket p : packets) {
            TcpSegment tcp = (TcpSegment) p.packet().transport();
            segments.add(new CapturedSegment(p.micros(), source(p.packet(), tcp).equals(local), tcp));
        }
        return new TcpConnection(local, peer, List.copyOf(segments));
    }

    private static String describe(Map<Set<Endpoint>, List<CapturedPacket>> connections) {
        List<String> names = new ArrayList<>();
        for (List<CapturedPacket> c : connections.values()) {
            IpPacket p = c.getFirst().packet();
            TcpSegment tcp = (TcpSegment) p.transport();
            names.add(source(p, tcp) + "-" + destination(p, tcp));
            if (names.size() == 5 && connections.size() > 5) {
                names.add("...");
                break;
            }
        }
        return String.join(", ", names);
    }

    private static Endpoint source(IpPacket p, TcpSegment tcp) {
        return new Endpoint(p.source(), tcp.sourcePort());
    }

    private static Endpoint destination(IpPacket p, TcpSegment tcp) {
        return new Endpoint(p.destination(), tcp.destinationPort());
    }
}
