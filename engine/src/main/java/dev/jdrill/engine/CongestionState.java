package dev.jdrill.engine;

/**
 * Linux's enum tcp_ca_state (icsk_ca_state): where the sender is in loss recovery. The ordinal is the
 * kernel's number, which tcp_info reports as tcpi_ca_state.
 */
enum CongestionState {
    /** TCP_CA_Open: nothing suspicious. */
    OPEN,
    /** TCP_CA_Disorder: duplicate ACKs or SACKs seen, not yet a loss. */
    DISORDER,
    /** TCP_CA_CWR: cwnd reduced on an ECN echo (tcp_enter_cwr). */
    CWR,
    /** TCP_CA_Recovery: fast retransmit in progress. */
    RECOVERY,
    /** TCP_CA_Loss: an RTO fired; everything outstanding counts as lost. */
    LOSS;

    /** The value of tcpi_ca_state. */
    int linuxNumber() {
        return ordinal();
    }

    /** Open or Disorder: states a loss probe, an ECN window reduction or fast retransmit may start from. */
    boolean belowCwr() {
        return this == OPEN || this == DISORDER;
    }
}
