package dev.jdrill.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.IpPacket;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage in, never an exception out; and whatever decodes must encode again. */
class PacketCodecFuzzTest {

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(0x5eed);
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[random.nextInt(120)];
            random.nextBytes(b);
            if (b.length > 0 && random.nextBoolean()) {
                b[0] = (byte) (random.nextBoolean() ? 0x45 : 0x60); // get past the version check more often
            }
            assertDecodesOrSaysWhy(b);
        }
    }

    @Test
    void mutatedAndTruncatedValidPacketsNeverThrow() {
        Random random = new Random(42);
        List<byte[]> seeds = new java.util.ArrayList<>();
        PacketSamples.assortedPackets().forEach(p -> seeds.add(PacketCodec.encode(p)));
        PacketSamples.alignedOptionLists().forEach(o -> seeds.add(PacketCodec.encode(
                IpPacket.of(PacketSamples.LOCAL6, PacketSamples.REMOTE6, PacketSamples.syn(o)))));
        for (int i = 0; i < 50_000; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] b = Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            for (int flips = random.nextInt(4); flips > 0 && b.length > 0; flips--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            assertDecodesOrSaysWhy(b);
        }
    }

    private static void assertDecodesOrSaysWhy(byte[] b) {
        DecodeResult r = PacketCodec.decode(b);
        switch (r) {
            case DecodeResult.Decoded d -> assertThat(PacketCodec.encode(d.packet())).isNotEmpty();
            case DecodeResult.Malformed m -> assertThat(m.reason()).isNotBlank();
        }
        PacketCodec.checksumProblem(b);
    }
}
