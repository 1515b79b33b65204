package dev.jdrill.interpreter.connection;

import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpSegment;

/**
 * What the scripted peer has sent and seen, in script numbering, so that jdrill's shorthand segments
 * ({@code < F. seq 1 ack 1}, {@code < .}) can leave out what follows from the conversation: the next
 * sequence number, the ack for everything the stack sent, and the last window the peer advertised.
 */
public final class PeerView {
    /** The window a shorthand segment advertises before the script has stated one. */
    public static final int DEFAULT_WINDOW = 65535;

    private long nextSeq;
    private long ackForStack;
    private int window = DEFAULT_WINDOW;

    /** The sequence number the peer's next segment carries. */
    public long nextSeq() {
        return nextSeq;
    }

    /** The ack that covers everything the stack has sent so far. */
    public long ackForStack() {
        return ackForStack;
    }

    public int window() {
        return window;
    }

    /** The peer sent this segment (script numbering). */
    public void injected(TcpSegment scriptSegment) {
        if (scriptSegment.flags().syn()) {
            nextSeq = 1 + scriptSegment.payload().length() + (scriptSegment.flags().fin() ? 1 : 0);
        } else {
            long end = SeqNum.add(scriptSegment.seq(), scriptSegment.payload().length() + (scriptSegment.flags().fin() ? 1 : 0));
            nextSeq = SeqNum.max(nextSeq, end);
        }
        window = scriptSegment.window();
    }

    /** The stack sent this segment (script numbering). */
    public void observed(TcpSegment scriptSegment) {
        if (scriptSegment.flags().rst()) {
            return;
        }
        if (scriptSegment.flags().syn()) {
            ackForStack = 1 + scriptSegment.payload().length() + (scriptSegment.flags().fin() ? 1 : 0);
        } else {
            long end = SeqNum.add(scriptSegment.seq(), scriptSegment.payload().length() + (scriptSegment.flags().fin() ? 1 : 0));
            ackForStack = SeqNum.max(ackForStack, end);
        }
    }
}
