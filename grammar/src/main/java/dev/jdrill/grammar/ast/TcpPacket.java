package dev.jdrill.grammar.ast;

import java.util.List;
import java.util.Optional;

/**
 * A TCP segment. Packetdrill form has {@link SeqSpec.Full}; the jdrill shorthand form
 * has no seq or {@link SeqSpec.Short} ({@link #isShorthand()}), and its omitted fields are filled in by
 * the interpreter from the connection (inbound) or left unchecked (outbound).
 */
public record TcpPacket(Direction direction, List<Encapsulation> encapsulations, Optional<IpInfo> ipInfo,
                        Optional<PortInfo> ports, TcpFlagSet flags, Optional<SeqSpec> seq, Optional<Long> ack,
                        Optional<Long> window, Optional<Long> urgentPointer, TcpOptionsSpec options,
                        SourceSpan span) implements PacketAction {
    public TcpPacket {
        encapsulations = List.copyOf(encapsulations);
    }

    public boolean isShorthand() {
        return seq.isEmpty() || seq.get() instanceof SeqSpec.Short;
    }
}
