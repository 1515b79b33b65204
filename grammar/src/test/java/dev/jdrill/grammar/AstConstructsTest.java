package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.*;
import dev.jdrill.grammar.ast.Expr.*;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The AST produced for each construct of the language. */
class AstConstructsTest {

    static Script script(String text) {
        return script(text, Map.of());
    }

    static Script script(String text, Map<String, String> defines) {
        ParseResult result = ScriptParser.parse("t.pkt", text, defines);
        assertThat(result.diagnostics()).as(() -> CorpusParseTest.render(result.diagnostics(), text)).isEmpty();
        return result.script().orElseThrow();
    }

    /** The single event of "0 &lt;line&gt;". */
    static Event event(String line) {
        return script("0 " + line + "\n").events().getFirst();
    }

    static Action action(String line) {
        return event(line).action();
    }

    @Test
    void timesAreExactMicroseconds() {
        Script s = script("0 close(3) = 0\n+0.1 close(3) = 0\n1.000001 close(3) = 0\n+.25 close(3) = 0\n"
                + "* > S 0:0(0)\n0.1~0.2 > S 0:0(0)\n+0.3~+1.5 > S 0:0(0)\n2 close(3) = 0\n");
        assertThat(s.events()).extracting(e -> SpanEraser.erase(e.time())).containsExactly(
                new EventTime.Absolute(0, SourceSpan.NONE), new EventTime.Relative(100_000, SourceSpan.NONE),
                new EventTime.Absolute(1_000_001, SourceSpan.NONE), new EventTime.Relative(250_000, SourceSpan.NONE),
                new EventTime.AnyTime(SourceSpan.NONE), new EventTime.Range(100_000, 200_000, false, SourceSpan.NONE),
                new EventTime.Range(300_000, 1_500_000, true, SourceSpan.NONE), new EventTime.Absolute(2_000_000, SourceSpan.NONE));
    }

    @Test
    void spansAreOneBasedAndCoverTheEvent() {
        Script s = script("// comment\n  0 close(3) = 0\n");
        Event e = s.events().getFirst();
        assertThat(e.span()).isEqualTo(new SourceSpan("t.pkt", 2, 3, 2, 17));
        assertThat(e.time().span()).isEqualTo(new SourceSpan("t.pkt", 2, 3, 2, 4));
    }

    @Test
    void blockingSyscallKeepsItsEndTime() {
        Syscall call = (Syscall) script("0...0.25 connect(3, ..., ...) = 0\n").events().getFirst().action();
        assertThat(call.end()).map(Syscall.BlockingEnd::micros).contains(250_000L);
        assertThat(call.args()).hasSize(3).last().isInstanceOf(Ellipsis.class);
    }

    @Test
    void syscallWithErrnoAndNote() {
        Syscall call = (Syscall) action("connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)");
        assertThat(call.name()).isEqualTo("connect");
        assertThat(call.result()).isEqualTo(new IntLiteral(-1, "-1", call.result().span()));
        assertThat(call.errno()).contains("EINPROGRESS");
        assertThat(call.note()).contains("Operation now in progress");
        Syscall glued = (Syscall) action("write(4, ..., 100) = -1 ECONNRESET(Connection reset by peer)");
        assertThat(glued.note()).contains("Connection reset by peer");
    }

    @Test
    void structsArraysCallsAndFlags() {
        Syscall call = (Syscall) action("bind(3, {sa_family=AF_INET, sin_port=htons(8080), "
                + "sin_addr=inet_addr(\"192.0.2.1\")}, 16) = 0");
        Expr sockaddr = SpanEraser.erase(call.args().get(1));
        SourceSpan n = SourceSpan.NONE;
        assertThat(sockaddr).isEqualTo(new StructExpr(List.of(
                new Assignment("sa_family", new Word("AF_INET", n), n),
                new Assignment("sin_port", new CallExpr("htons", List.of(new IntLiteral(8080, "8080", n)), n), n),
                new Assignment("sin_addr", new CallExpr("inet_addr", List.of(new StringLiteral("192.0.2.1", n)), n), n)), n));
        Syscall fcntl = (Syscall) action("fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK|0x10) = 0");
        assertThat(SpanEraser.erase(fcntl.args().get(2))).isEqualTo(new BitwiseOr(new BitwiseOr(
                new Word("O_RDWR", n), new Word("O_NONBLOCK", n), n), new IntLiteral(16, "0x10", n), n));
        Syscall setsockopt = (Syscall) action("setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0");
        assertThat(SpanEraser.erase(setsockopt.args().get(3))).isEqualTo(new StructExpr(List.of(
                new Assignment("onoff", new IntLiteral(1, "1", n), n), new Assignment("linger", new IntLiteral(0, "0", n), n)), n));
        Syscall opt = (Syscall) action("setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
        assertThat(SpanEraser.erase(opt.args().get(3))).isEqualTo(new ArrayExpr(List.of(new IntLiteral(1, "1", n)), n));
    }

    @Test
    void msghdrWithCallAssignmentsAndNestedStructs() {
        Syscall call = (Syscall) action("recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 1000}], msg_flags=0, "
                + "msg_control=[{cmsg_level=SOL_SOCKET, cmsg_type=SCM_TIMESTAMPING, cmsg_data={scm_sec=0,scm_nsec=0}}]}, 0) = 1000");
        StructExpr msg = (StructExpr) call.args().get(1);
        assertThat(msg.fields().get(0)).isInstanceOfSatisfying(CallAssignment.class, c -> {
            assertThat(c.function()).isEqualTo("msg_name");
            assertThat(c.value()).isInstanceOf(Ellipsis.class);
        });
        assertThat(msg.fields().get(1)).isInstanceOfSatisfying(CallAssignment.class,
                c -> assertThat(c.value()).isInstanceOf(ArrayExpr.class));
        assertThat(msg.fields()).hasSize(4);
    }

    @Test
    void keywordsWorkAsPlainWords() {
        Syscall call = (Syscall) action("epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLIN, fd=4, ack=1, seq=2, win=3, "
                + "id=4, val=5, ecr=6, mss=7, len=8, state=9, urg=10, flags=11}) = 0");
        StructExpr s = (StructExpr) call.args().get(3);
        assertThat(s.fields()).extracting(f -> ((Assignment) f).name()).containsExactly(
                "events", "fd", "ack", "seq", "win", "id", "val", "ecr", "mss", "len", "state", "urg", "flags");
        assertThat(((Syscall) action("state(3) = 0")).name()).isEqualTo("state");
        assertThat(((Syscall) action("close(3) = -1 EBADF (bad flags seq ack)")).note()).contains("bad flags seq ack");
    }

    @Test
    void stringsPrefixesAndConcatenation() {
        Syscall call = (Syscall) action("write(3, \"abc\" \"def\", 6) = 6");
        assertThat(call.args().get(1)).isInstanceOfSatisfying(StringLiteral.class, s -> assertThat(s.value()).isEqualTo("abcdef"));
        Syscall prefix = (Syscall) action("read(3, \"abc\"..., 6) = 6");
        assertThat(prefix.args().get(1)).isInstanceOfSatisfying(StringPrefix.class, s -> assertThat(s.value()).isEqualTo("abc"));
    }

    @Test
    void packetdrillFormSegment() {
        TcpPacket tcp = (TcpPacket) action("< S. 0:0(0) ack 1 win 32792 urg 3 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>");
        assertThat(tcp.direction()).isEqualTo(Direction.INBOUND);
        assertThat(tcp.flags().text()).isEqualTo("S.");
        assertThat(tcp.flags().bits()).isEqualTo(TcpFlagSet.SYN | TcpFlagSet.ACK);
        assertThat(tcp.seq()).containsInstanceOf(SeqSpec.Full.class);
        assertThat(tcp.isShorthand()).isFalse();
        assertThat(tcp.ack()).contains(1L);
        assertThat(tcp.window()).contains(32792L);
        assertThat(tcp.urgentPointer()).contains(3L);
        SourceSpan n = SourceSpan.NONE;
        assertThat(SpanEraser.erase(tcp.options())).isEqualTo(new TcpOptionsSpec.OptionList(List.of(
                new TcpOptionSpec.Mss(1460, n), new TcpOptionSpec.SackPermitted(n), new TcpOptionSpec.Timestamp(100, 0, n),
                new TcpOptionSpec.Nop(n), new TcpOptionSpec.WindowScale(7, n)), n));
    }

    @Test
    void shorthandSegments() {
        TcpPacket fin = (TcpPacket) action("< F. seq 1 ack 1");
        assertThat(fin.isShorthand()).isTrue();
        assertThat(SpanEraser.erase(fin.seq().orElseThrow())).isEqualTo(new SeqSpec.Short(1, Optional.empty(), SourceSpan.NONE));
        assertThat(fin.window()).isEmpty();
        TcpPacket rst = (TcpPacket) action("> R");
        assertThat(rst.flags().bits()).isEqualTo(TcpFlagSet.RST);
        assertThat(rst.seq()).isEmpty();
        assertThat(rst.options()).isInstanceOf(TcpOptionsSpec.Unspecified.class);
        TcpPacket data = (TcpPacket) action("< P. seq 1 len 100 ack 1");
        assertThat(data.seq()).get().isInstanceOfSatisfying(SeqSpec.Short.class, s -> assertThat(s.length()).contains(100L));
        TcpPacket none = (TcpPacket) action("> - 1:1(0)");
        assertThat(none.flags().text()).isEqualTo("-");
        assertThat(none.flags().bits()).isZero();
        TcpPacket any = (TcpPacket) action("> S 0:0(0) <...>");
        assertThat(any.options()).isInstanceOf(TcpOptionsSpec.AnyOptions.class);
        // shorthand inbound segments may omit win: the validator accepts them
        assertThat(Validator.validate(script("0 < F. seq 1 ack 1\n"))).isEmpty();
    }

    @Test
    void moreTcpOptions() {
        TcpPacket tcp = (TcpPacket) action("> . 1:1(0) ack 1 <sack 1:2 3:4,md5 000102,FO,FO abcd1234,FOEXP 1234,eol,ECN e1b 1 ceb 2 e0b 3>");
        List<TcpOptionSpec> options = ((TcpOptionsSpec.OptionList) tcp.options()).options();
        assertThat(options).hasSize(7);
        assertThat(((TcpOptionSpec.Sack) options.get(0)).blocks()).extracting(TcpOptionSpec.SackBlock::right).containsExactly(2L, 4L);
        assertThat(options.get(1)).isInstanceOfSatisfying(TcpOptionSpec.Md5.class, m -> assertThat(m.digestHex()).isEqualTo("000102"));
        assertThat(options.get(2)).isInstanceOfSatisfying(TcpOptionSpec.FastOpen.class, f -> assertThat(f.cookieHex()).isEmpty());
        assertThat(options.get(3)).isInstanceOfSatisfying(TcpOptionSpec.FastOpen.class, f -> assertThat(f.cookieHex()).contains("abcd1234"));
        assertThat(options.get(4)).isInstanceOfSatisfying(TcpOptionSpec.FastOpenExp.class, f -> assertThat(f.cookieHex()).contains("1234"));
        assertThat(options.get(6)).isInstanceOfSatisfying(TcpOptionSpec.AccEcn.class, a -> assertThat(a.fields())
                .extracting(TcpOptionSpec.AccEcnField::counter)
                .containsExactly(TcpOptionSpec.AccEcnCounter.E1B, TcpOptionSpec.AccEcnCounter.CEB, TcpOptionSpec.AccEcnCounter.E0B));
    }

    @Test
    void undefinedOptionSymbolStaysSymbolicAndDefinesReplaceIt() {
        TcpPacket tcp = (TcpPacket) action("> S. 0:0(0) ack 1 <mss MSS>");
        assertThat(((TcpOptionsSpec.OptionList) tcp.options()).options().getFirst())
                .isInstanceOfSatisfying(TcpOptionSpec.UndefinedValue.class, u -> assertThat(u.symbol()).isEqualTo("MSS"));
        TcpPacket defined = (TcpPacket) script("0 > S. 0:0(0) ack 1 <mss MSS>\n", Map.of("MSS", "0x400"))
                .events().getFirst().action();
        assertThat(((TcpOptionsSpec.OptionList) defined.options()).options().getFirst())
                .isInstanceOfSatisfying(TcpOptionSpec.Mss.class, m -> assertThat(m.mss()).isEqualTo(1024));
    }

    @Test
    void definesFollowPacketdrillsWordRules() {
        Script s = script("--define=PROTO=IPPROTO_UDP\n0 socket(..., SOCK_DGRAM, PROTO) = 3\n+0 write(3, MSG, LEN) = 0\n",
                Map.of("MSG", "\"hello\"", "LEN", "010", "PROTO", "IPPROTO_TCP"));
        Syscall socket = (Syscall) s.events().get(0).action();
        assertThat(socket.args().get(2)).isInstanceOfSatisfying(Word.class, w -> assertThat(w.name()).isEqualTo("IPPROTO_TCP"));
        Syscall write = (Syscall) s.events().get(1).action();
        assertThat(write.args().get(1)).isInstanceOfSatisfying(StringLiteral.class, v -> assertThat(v.value()).isEqualTo("hello"));
        assertThat(write.args().get(2)).isInstanceOfSatisfying(IntLiteral.class, v -> assertThat(v.value()).isEqualTo(8));
        assertThat(s.options()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("define");
            assertThat(o.value()).contains("PROTO=IPPROTO_UDP");
        });
    }

    @Test
    void stateAssertions() {
        StateAssertion plain = (StateAssertion) action("state FIN_WAIT2");
        assertThat(plain.fd()).isEmpty();
        assertThat(plain.state()).isEqualTo("FIN_WAIT2");
        StateAssertion byFd = (StateAssertion) action("state(3) ESTABLISHED");
        assertThat(byFd.fd()).contains(3);
    }

    @Test
    void optionsInitCleanupCommandsAndCode() {
        Script s = script("--tolerance_usecs=10000\n--ip_version=ipv6\n--local_ip=fd::1\n--strict_segments\n"
                + "`sysctl -q net.ipv4.tcp_sack=1`\n0 `echo a\nb`\n+0 %{ assert tcpi_rtt > 0 }%\n`cleanup`\n");
        assertThat(s.options()).extracting(OptionLine::name).containsExactly("tolerance_usecs", "ip_version", "local_ip", "strict_segments");
        assertThat(s.options()).extracting(OptionLine::value).containsExactly(
                Optional.of("10000"), Optional.of("ipv6"), Optional.of("fd::1"), Optional.empty());
        assertThat(s.initCommand()).map(Command::text).contains("sysctl -q net.ipv4.tcp_sack=1");
        assertThat(s.events().get(0).action()).isInstanceOfSatisfying(Command.class, c -> assertThat(c.text()).isEqualTo("echo a\nb"));
        assertThat(s.events().get(1).action()).isInstanceOfSatisfying(Code.class, c -> assertThat(c.text()).isEqualTo("assert tcpi_rtt > 0"));
        assertThat(s.cleanupCommand()).map(Command::text).contains("cleanup");
    }

    @Test
    void udpAndIcmp() {
        UdpPacket udp = (UdpPacket) action("< udp 1111>2222 (100)");
        assertThat(udp.ports()).map(PortInfo::src).contains(1111);
        assertThat(udp.payloadLength()).isEqualTo(100);
        IcmpPacket icmp = (IcmpPacket) action("< icmp unreachable frag_needed mtu 1400 [1:1461(1460)]");
        assertThat(icmp.type()).isEqualTo("unreachable");
        assertThat(icmp.code()).contains("frag_needed");
        assertThat(icmp.mtu()).contains(1400L);
        assertThat(icmp.echoed()).get().isInstanceOfSatisfying(IcmpEchoed.Tcp.class, t -> assertThat(t.seq().length()).isEqualTo(1460));
        IcmpPacket echoedUdp = (IcmpPacket) action("< icmp unreachable port_unreachable [udp (10)]");
        assertThat(echoedUdp.echoed()).get().isInstanceOf(IcmpEchoed.Udp.class);
        IcmpPacket echo = (IcmpPacket) action("> icmp echo_reply id 7");
        assertThat(echo.echoId()).contains(7L);
    }

    @Test
    void ipInfoAndEncapsulation() {
        TcpPacket tcp = (TcpPacket) action("< ipv4 [tos 0x10] 192.0.2.2 > 192.168.0.1: gre: mpls (label 100, tc 1, [S], ttl 64): "
                + "[ect0, flowlabel 0x12] encap psp spi 7 . 1:1(0) ack 1 win 100");
        assertThat(tcp.encapsulations()).hasSize(4);
        assertThat(tcp.encapsulations().get(0)).isInstanceOfSatisfying(Encapsulation.Ipv4.class, v4 -> {
            assertThat(v4.source()).isEqualTo("192.0.2.2");
            assertThat(v4.ipInfo()).get().extracting(IpInfo::tos).isEqualTo(Optional.of(new IpInfo.TosSpec.Tos(0x10, v4.ipInfo().get().tos().get().span())));
        });
        assertThat(tcp.encapsulations().get(1)).isInstanceOf(Encapsulation.Gre.class);
        assertThat(tcp.encapsulations().get(2)).isInstanceOfSatisfying(Encapsulation.Mpls.class,
                m -> assertThat(m.entries().getFirst().bottomOfStack()).isTrue());
        assertThat(tcp.encapsulations().get(3)).isInstanceOfSatisfying(Encapsulation.Psp.class, p -> assertThat(p.spi()).isEqualTo(7));
        assertThat(tcp.ipInfo()).get().satisfies(info -> {
            assertThat(info.tos()).get().isInstanceOfSatisfying(IpInfo.TosSpec.Ecn.class,
                    e -> assertThat(e.codepoint()).isEqualTo(IpInfo.EcnCodepoint.ECT0));
            assertThat(info.flowLabel()).contains(0x12L);
        });
        TcpPacket v6 = (TcpPacket) action("> ipv6 fd3d:fa7b:d17d::1 > fd3d:0a0b:17d6::1: gre flags [key present] sum 0 off 0 key=5 seq 0: S 0:0(0)");
        assertThat(v6.encapsulations().get(1)).isInstanceOfSatisfying(Encapsulation.Gre.class,
                g -> assertThat(g.header()).get().extracting(GreHeader::key).isEqualTo(5L));
    }


    @Test
    void replLinesMayOmitTheTime() {
        LineParseResult now = ScriptParser.parseLine("repl", "close(3) = 0", 7, Map.of());
        assertThat(now.ok()).isTrue();
        assertThat(now.event().orElseThrow().time()).isInstanceOf(EventTime.Now.class);
        assertThat(now.event().orElseThrow().span().line()).isEqualTo(7);
        LineParseResult timed = ScriptParser.parseLine("repl", "+0.5 < S 0:0(0) win 100", 1, Map.of());
        assertThat(timed.event().orElseThrow().time()).isInstanceOf(EventTime.Relative.class);
        LineParseResult bad = ScriptParser.parseLine("repl", "close(3 = 0", 3, Map.of());
        assertThat(bad.diagnostics()).singleElement().satisfies(d -> assertThat(d.span().line()).isEqualTo(3));
    }

    @Test
    void diagnosticRenderingClipsLongLinesAndKeepsTabs() {
        Diagnostic tabbed = Diagnostic.error(new SourceSpan("f.pkt", 1, 4, 1, 5), "boom");
        assertThat(tabbed.render("\t+0\tx\n")).isEqualTo("f.pkt:1:4: error: boom\n\t+0\tx\n\t  ^");
        String longLine = "a".repeat(1_000_000) + "X" + "b".repeat(1_000_000);
        Diagnostic far = Diagnostic.error(new SourceSpan("f.pkt", 1, 1_000_001, 1, 1_000_002), "here");
        String rendered = far.render(longLine);
        assertThat(rendered.length()).isLessThan(500);
        String[] lines = rendered.split("\n");
        assertThat(lines[1].charAt(lines[2].indexOf('^'))).isEqualTo('X');
    }

    @Test
    void validatorAcceptsAGoodScriptAndFindsAllProblems() {
        assertThat(Validator.validate(script(BrokenScriptsTest.GOOD))).isEmpty();
        Script bad = script("1 < S 1:5(3) ack 1\n0.5 clsoe(3) = -1 EBDAF (x)\n");
        assertThat(Validator.validate(bad)).extracting(Diagnostic::message).anyMatch(m -> m.contains("time 0"))
                .anyMatch(m -> m.contains("inconsistent"))
                .anyMatch(m -> m.contains("window")).anyMatch(m -> m.contains("backward"))
                .anyMatch(m -> m.contains("did you mean 'close'")).anyMatch(m -> m.contains("EBADF"));
    }
}
