package dev.jdrill.repl;

/** What {@code :help} prints. */
final class ReplHelp {
    static final String TEXT = """
            Type any script line; it runs at once. Without a time it happens now.
              socket(..., SOCK_STREAM, IPPROTO_TCP) = 3     a socket call
              < S 0:0(0) win 65535 <mss 1460>             the peer sends a segment
              > S. 0:0(0) ack 1 <...>                     assert on what the stack sent
              `sysctl -q net.ipv4.tcp_syn_retries=3`      a command (the engine takes sysctls)
              state ESTABLISHED   %{ assert tcpi_rto == 1000000 }%
            Everything the stack sends is printed as a script line with its time.
            A > line matches the oldest segment no > line has matched yet, as in a script run.
              +60  or  :wait 60         let 60 s pass (virtual time on the engine: instant)
              :state                    each connection: state, sequence variables, timers
              :tunables                 tunables and their values
              :set NAME=VALUE           set one (e.g. :set net.ipv4.tcp_syn_retries=3)
              :load FILE                run a script in this session
              :save FILE                write this session as a script `jdrill run` replays
              :diagram FILE.svg         draw this session as a ladder diagram
              :reset                    start over on a fresh target
              :quit                     leave (also Ctrl-D)""";

    private ReplHelp() {
    }
}
