package dev.jdrill.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TCP_INFO snapshot (struct tcp_info, as tcp_get_info fills it). Times are in microseconds where
 * Linux reports microseconds (rto, ato, rtt, rttvar) and milliseconds for the last_* fields.
 */
public record TcpInfo(
        long tcpi_state,
        long tcpi_ca_state,
        long tcpi_retransmits,
        long tcpi_probes,
        long tcpi_backoff,
        long tcpi_options,
        long tcpi_snd_wscale,
        long tcpi_rcv_wscale,
        long tcpi_rto,
        long tcpi_ato,
        long tcpi_snd_mss,
        long tcpi_rcv_mss,
        long tcpi_unacked,
        long tcpi_sacked,
        long tcpi_lost,
        long tcpi_retrans,
        long tcpi_last_data_sent,
        long tcpi_last_data_recv,
        long tcpi_last_ack_recv,
        long tcpi_pmtu,
        long tcpi_rcv_ssthresh,
        long tcpi_rtt,
        long tcpi_rttvar,
        long tcpi_snd_ssthresh,
        long tcpi_snd_cwnd,
        long tcpi_advmss,
        long tcpi_reordering,
        long tcpi_rcv_space,
        long tcpi_total_retrans,
        long tcpi_bytes_acked,
        long tcpi_bytes_received,
        long tcpi_segs_out,
        long tcpi_segs_in,
        long tcpi_notsent_bytes,
        long tcpi_data_segs_in,
        long tcpi_data_segs_out,
        long tcpi_delivered,
        long tcpi_bytes_sent,
        long tcpi_bytes_retrans,
        long tcpi_snd_wnd,
        long tcpi_rcv_wnd,
        long tcpi_total_rto,
        long tcpi_dsack_dups,
        long tcpi_reord_seen,
        long tcpi_busy_time,
        long tcpi_rwnd_limited,
        long tcpi_sndbuf_limited) {

    /** tcpi_options bits. */
    public static final int TCPI_OPT_TIMESTAMPS = 1;
    public static final int TCPI_OPT_SACK = 2;
    public static final int TCPI_OPT_WSCALE = 4;
    public static final int TCPI_OPT_ECN = 8;
    /** The SYN's data was acknowledged (tp->syn_data_acked). */
    public static final int TCPI_OPT_SYN_DATA = 32;

    static TcpInfo of(Tcb t, long now) {
        int options = (t.tsOk ? TCPI_OPT_TIMESTAMPS : 0) | (t.sackOk ? TCPI_OPT_SACK : 0)
                | (t.wscaleOk ? TCPI_OPT_WSCALE : 0) | (t.ecnOk ? TCPI_OPT_ECN : 0);
        boolean synced = t.state != dev.jdrill.wire.TcpState.LISTEN && t.state != dev.jdrill.wire.TcpState.CLOSED;
        long unacked = t.state == dev.jdrill.wire.TcpState.LISTEN ? t.acceptQueue.size() : t.inFlightSegments();
        long lost = Scoreboard.lostOut(t);
        long retransOut = Scoreboard.retransOut(t);
        long sacked = t.state == dev.jdrill.wire.TcpState.LISTEN ? t.backlog : Scoreboard.sackedOut(t);
        return new TcpInfo(
                t.fdState().linuxNumber(),
                t.caState.linuxNumber(),
                t.retransmits,
                t.probesOut,
                t.backoff,
                (synced ? options : 0) | (t.fastOpen.synDataAcked ? TCPI_OPT_SYN_DATA : 0),
                t.wscaleOk ? t.sndWscale : 0,
                t.wscaleOk ? t.rcvWscale : 0,
                Rtt.backedOff(t),
                t.atoMicros,
                t.mssCache > 0 ? t.mssCache : Handshake.TCP_MSS_DEFAULT,
                t.rcvMss,
                unacked,
                sacked,
                lost,
                retransOut,
                t.lastDataSentMicros == 0 ? now / 1000 : (now - t.lastDataSentMicros) / 1000,
                (now - t.lastDataRecvMicros) / 1000,
                (now - t.lastAckRecvMicros) / 1000,
                PathMtu.cookie(t),
                t.rcvSsthresh,
                t.srttUs8 >> 3,
                t.mdevUs >> 2,
                t.ssthresh >= Integer.MAX_VALUE ? 0x7fffffffL : t.ssthresh,
                t.cwnd,
                t.advMss,
                t.reordering,
                t.rcvWnd,
                t.totalRetrans,
                t.bytesAcked,
                t.bytesReceived,
                t.segsOut,
                t.segsIn,
                t.unsentBytes(),
                t.dataSegsIn,
                t.dataSegsOut,
                t.delivered,
                t.bytesSent,
                t.bytesRetrans,
                t.sndWnd,
                t.rcvWnd,
                t.totalRto,
                t.dsackDups,
                t.reordSeen,
                t.chrono.busyMicros(now),
                t.chrono.micros(Chrono.RWND_LIMITED, now),
                t.chrono.micros(Chrono.SNDBUF_LIMITED, now));
    }

    /** The fields by their struct tcp_info names, in declaration order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (var c : TcpInfo.class.getRecordComponents()) {
            try {
                m.put(c.getName(), (Long) c.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }
}
