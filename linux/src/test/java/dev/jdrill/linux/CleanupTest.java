package dev.jdrill.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many networks opened and closed leave no fd, thread or namespace behind. */
class CleanupTest {

    @BeforeEach
    void needsLinux() {
        RequiresLinux.assume();
    }

    @Test
    void openCloseCyclesLeakNothing() throws Exception {
        TestNetwork.create(TestNetworkConfig.defaults()).close(); // first use loads classes and process helpers
        int fds = fdCount();
        int threads = Thread.getAllStackTraces().size();
        Set<String> namespaces = threadNamespaces();
        for (int i = 0; i < 25; i++) {
            try (TestNetwork net = TestNetwork.create(TestNetworkConfig.defaults())) {
                assertThat(threadNamespaces()).hasSizeGreaterThan(namespaces.size());
                net.tun().inject(new byte[] {0x45}); // rubbish the kernel drops: the write path still works
            }
        }
        assertThat(fdCount()).isEqualTo(fds);
        assertThat(jdrillThreads()).isEmpty();
        assertThat(Thread.getAllStackTraces().size()).isLessThanOrEqualTo(threads);
        assertThat(threadNamespaces()).isEqualTo(namespaces);
        assertThat(LiveResources.count()).isZero();
    }

    @Test
    void aFailedSetupCleansUpToo() throws Exception {
        TestNetwork.create(TestNetworkConfig.defaults()).close();
        int fds = fdCount();
        for (int i = 0; i < 5; i++) {
            try (NetworkNamespace ns = NetworkNamespace.create(); TunDevice first = TunDevice.create(ns, "tun0")) {
                // A second tun0 in the same namespace must fail (EBUSY) and release what it opened.
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> TunDevice.create(ns, "tun0"))
                        .isInstanceOf(LinuxException.class).hasMessageContaining("TUNSETIFF");
            }
        }
        assertThat(fdCount()).isEqualTo(fds);
        assertThat(jdrillThreads()).isEmpty();
    }

    private static Set<String> jdrillThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("jdrill-") && !t.getName().equals("jdrill-linux-cleanup")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static int fdCount() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }

    /** The distinct network namespaces the JVM's threads are in. */
    private static Set<String> threadNamespaces() throws IOException {
        Set<String> ns = new TreeSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    ns.add(Files.readSymbolicLink(t.resolve("ns/net")).toString());
                } catch (IOException e) {
                    // The thread ended while we looked.
                }
            }
        }
        return ns;
    }
}
