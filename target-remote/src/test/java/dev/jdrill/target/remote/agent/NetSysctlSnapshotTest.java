package dev.jdrill.target.remote.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot on a /proc/sys laid out in a temporary directory. */
class NetSysctlSnapshotTest {
    @TempDir
    Path root;

    private Path tunable(String name, String value) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
        return file;
    }

    @Test
    void putsBackWhatACommandChanged() throws IOException {
        Path rmem = tunable("net/ipv4/tcp_rmem", "4096\t131072\t33554432");
        Path retries = tunable("net/ipv4/tcp_syn_retries", "6");
        Path somaxconn = tunable("net/core/somaxconn", "4096");
        NetSysctlSnapshot before = NetSysctlSnapshot.take(root);
        assertThat(before.size()).isEqualTo(3);

        Files.writeString(rmem, "4096 540000 15728640");
        Files.writeString(retries, "3");

        assertThat(before.restore()).isEmpty();
        assertThat(Files.readString(rmem)).isEqualTo("4096\t131072\t33554432");
        assertThat(Files.readString(retries)).isEqualTo("6");
        assertThat(Files.readString(somaxconn)).isEqualTo("4096\n"); // unchanged: not rewritten
    }

    @Test
    void leavesOutSubdirectoriesAndReportsWhatItCannotRestore() throws IOException {
        tunable("net/ipv4/conf/all/forwarding", "0");
        Path gone = tunable("net/ipv6/bindv6only", "0");
        NetSysctlSnapshot before = NetSysctlSnapshot.take(root);
        assertThat(before.size()).isEqualTo(1);

        Files.delete(gone);
        assertThat(before.restore()).singleElement().asString().startsWith("net.ipv6.bindv6only=0: ");
    }

    @Test
    void aHostWithoutIpv6HasNothingThereToRestore() {
        assertThat(NetSysctlSnapshot.take(root).size()).isZero();
    }
}
