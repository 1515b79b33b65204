package dev.jdrill.interpreter.connection;

import dev.jdrill.wire.SeqNum;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The socket under test, as packetdrill models it (run_packet.c): one connection at a time, whose
 * live endpoints and initial sequence numbers are learned as the script unfolds, so script numbers
 * (tcpdump-style: absolute in SYNs, relative elsewhere) can be mapped to live ones and back.
 *
 * <p>The remote peer's ISN is the script's own (inbound SYNs are injected as written), so only the
 * local stack's ISN needs learning: from its SYN (active open) or SYN-ACK (passive open).
 */
public final class ScriptConnection {

    /** How the connection came to be; decides which packet teaches what. */
    public enum Phase {
        /** socket() done, nothing else known. */
        NEW,
        /** listen() done: the next inbound SYN creates the connection. */
        LISTENING,
        /** connect() done: the next outbound SYN tells the local port and ISN. */
        CONNECTING,
        /** An inbound SYN was injected; the SYN-ACK will tell the local ISN. */
        SYN_RECEIVED,
        /** Both ISNs known. */
        SYNCHRONIZED
    }

    private Phase phase = Phase.NEW;
    private final InetAddress localAddress;
    private final InetAddress remoteAddress;
    private int localPort;
    private int remotePort;
    /** Until learned both are 0, so numbers pass through unchanged (packetdrill's zeroed struct socket). */
    private long scriptLocalIsn;
    private long liveLocalIsn;
    private long remoteIsn;
    private boolean localIsnKnown;
    private boolean remoteIsnKnown;
    /** Script TS val → live TS val of the stack's segments, to map the ecr of injected segments. */
    private final Map<Long, Long> tsValScriptToLive = new HashMap<>();
    private OptionalLong firstScriptTsVal = OptionalLong.empty();
    private long firstLiveTsVal;
    private OptionalLong lastLiveTsVal = OptionalLong.empty();

    public ScriptConnection(InetAddress localAddress, InetAddress remoteAddress, int localPort, int remotePort) {
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.localPort = localPort;
        this.remotePort = remotePort;
    }

    public Phase phase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public InetAddress localAddress() {
        return localAddress;
    }

    public InetAddress remoteAddress() {
        return remoteAddress;
    }

    public int localPort() {
        return localPort;
    }

    public int remotePort() {
        return remotePort;
    }

    public void setLocalPort(int port) {
        this.localPort = port;
    }

    public void setRemotePort(int port) {
        this.remotePort = port;
    }

    public boolean localIsnKnown() {
        return localIsnKnown;
    }

    public boolean remoteIsnKnown() {
        return remoteIsnKnown;
    }

    /** The stack's SYN or SYN-ACK was seen: live ISN, and the ISN the script wrote for it. */
    public void learnLocalIsn(long live, long script) {
        liveLocalIsn = live;
        scriptLocalIsn = script;
        localIsnKnown = true;
    }

    /** The peer's SYN or SYN-ACK was injected (its ISN is the script's). */
    public void learnRemoteIsn(long isn) {
        remoteIsn = isn;
        remoteIsnKnown = true;
    }

    public long remoteIsn() {
        return remoteIsn;
    }

    public long liveLocalIsn() {
        return liveLocalIsn;
    }

    // ---- script → live, for injected segments (map_inbound_packet) ----

    public long inboundSeqToLive(long scriptSeq, boolean syn) {
        return syn ? scriptSeq : SeqNum.add(scriptSeq, remoteIsn);
    }

    public long inboundAckToLive(long scriptAck, boolean syn) {
        return syn ? SeqNum.add(scriptAck, liveLocalIsn - scriptLocalIsn) : SeqNum.add(scriptAck, liveLocalIsn);
    }

    // ---- live → script, for the stack's segments (tcp_convert_seq_number) ----

    public long outboundSeqToScript(long liveSeq, boolean syn) {
        return syn ? SeqNum.add(liveSeq, scriptLocalIsn - liveLocalIsn) : SeqNum.add(liveSeq, -liveLocalIsn);
    }

    public long outboundAckToScript(long liveAck, boolean syn) {
        return syn ? liveAck : SeqNum.add(liveAck, -remoteIsn);
    }

    // ---- timestamps ----

    private long recordOutboundTsVal(long scriptVal, long liveVal) {
        tsValScriptToLive.put(scriptVal, liveVal);
        if (firstScriptTsVal.isEmpty()) {
            firstScriptTsVal = OptionalLong.of(scriptVal);
            firstLiveTsVal = liveVal;
        }
        return SeqNum.add(firstScriptTsVal.getAsLong(), liveVal - firstLiveTsVal);
    }

    /**
     * A live TS val in script space. When the script line names a TS val, the pair is remembered so that
     * a later injected ecr of that script value maps back to the live one (map_outbound_live_packet).
     */
    public long outboundTsValToScript(long liveVal, Optional<Long> scriptVal) {
        lastLiveTsVal = OptionalLong.of(liveVal);
        if (scriptVal.isPresent()) {
            return recordOutboundTsVal(scriptVal.get(), liveVal);
        }
        return firstScriptTsVal.isPresent() ? SeqNum.add(firstScriptTsVal.getAsLong(), liveVal - firstLiveTsVal) : liveVal;
    }

    /**
     * A live TS val as a session reports it before any line names one: mapped if a line anchored the
     * mapping, else as is; remembered, so that an ecr echoing the reported value maps back exactly.
     */
    public long reportedTsValToScript(long liveVal) {
        long script = firstScriptTsVal.isPresent() ? SeqNum.add(firstScriptTsVal.getAsLong(), liveVal - firstLiveTsVal) : liveVal;
        tsValScriptToLive.putIfAbsent(script, liveVal);
        return script;
    }

    /**
     * The live value an injected ecr stands for: the exact live TS val the script named earlier; else
     * one interpolated from the first pair (as --tcp_ts_ecr_scaled does); else the stack's latest TS val,
     * since a peer can only echo what it has seen. packetdrill stops with an error in that last case;
     * jdrill echoes the latest so that shorthand scripts need not write TS values at all.
     */
    /** Whether the script named this TS val on a line the stack's segment matched (an exact mapping). */
    public boolean knowsOutboundTsVal(long scriptVal) {
        return tsValScriptToLive.containsKey(scriptVal);
    }

    public long inboundEcrToLive(long scriptEcr) {
        Long exact = tsValScriptToLive.get(scriptEcr);
        if (exact != null) {
            return exact;
        }
        if (firstScriptTsVal.isPresent()) {
            return SeqNum.add(scriptEcr, firstLiveTsVal - firstScriptTsVal.getAsLong());
        }
        return lastLiveTsVal.orElse(scriptEcr);
    }
}
