package dev.jdrill.target.remote.control;

import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.wire.Errno;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binary encoding of what crosses the control connection: socket calls, their outcomes and argument
 * values, strings and maps. Lengths are bounded so a confused peer cannot make the other side allocate
 * without limit.
 */
public final class ControlCodec {
    static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final int MAX_ELEMENTS = 65_536;
    private static final int MAX_DEPTH = 16;

    private ControlCodec() {
    }

    public static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    public static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_BYTES) {
            throw new IOException("string of " + n + " bytes on the control connection");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public static void writeAddress(DataOutputStream out, InetAddress a) throws IOException {
        byte[] b = a.getAddress();
        out.writeByte(b.length);
        out.write(b);
    }

    public static InetAddress readAddress(DataInputStream in) throws IOException {
        int n = in.readUnsignedByte();
        if (n != 4 && n != 16) {
            throw new IOException("address of " + n + " bytes on the control connection");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return InetAddress.getByAddress(b);
    }

    public static void writeCall(DataOutputStream out, SocketCall call) throws IOException {
        writeString(out, call.name());
        writeValues(out, call.args(), 0);
    }

    public static SocketCall readCall(DataInputStream in) throws IOException {
        return new SocketCall(readString(in), readValues(in, 0));
    }

    public static void writeOutcome(DataOutputStream out, CallOutcome o) throws IOException {
        out.writeLong(o.returnValue());
        out.writeInt(o.errno().map(Errno::number).orElse(-1));
        writeValues(out, o.outputs(), 0);
        out.writeLong(o.completedMicros());
    }

    public static CallOutcome readOutcome(DataInputStream in) throws IOException {
        long value = in.readLong();
        int errno = in.readInt();
        List<SocketValue> outputs = readValues(in, 0);
        long at = in.readLong();
        Optional<Errno> e = errno < 0 ? Optional.empty() : Errno.fromNumber(errno);
        if (errno >= 0 && e.isEmpty()) {
            throw new IOException("errno " + errno + " has no name here");
        }
        return new CallOutcome(value, e, outputs, at);
    }

    public static void writeMap(DataOutputStream out, Map<String, Long> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, Long> e : map.entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    public static Map<String, Long> readMap(DataInputStream in) throws IOException {
        int n = count(in);
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), in.readLong());
        }
        return map;
    }

    public static void writeStrings(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    public static Map<String, String> readStrings(DataInputStream in) throws IOException {
        int n = count(in);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    private static void writeValues(DataOutputStream out, List<SocketValue> values, int depth) throws IOException {
        out.writeInt(values.size());
        for (SocketValue v : values) {
            writeValue(out, v, depth);
        }
    }

    private static List<SocketValue> readValues(DataInputStream in, int depth) throws IOException {
        int n = count(in);
        List<SocketValue> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(readValue(in, depth));
        }
        return values;
    }

    private static void writeValue(DataOutputStream out, SocketValue v, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("argument nested deeper than " + MAX_DEPTH);
        }
        switch (v) {
            case SocketValue.Int i -> {
                out.writeByte(0);
                out.writeLong(i.value());
            }
            case SocketValue.Str s -> {
                out.writeByte(1);
                writeString(out, s.value());
            }
            case SocketValue.Address a -> {
                out.writeByte(2);
                writeAddress(out, a.address());
                out.writeInt(a.port());
            }
            case SocketValue.Array a -> {
                out.writeByte(3);
                writeValues(out, a.elements(), depth + 1);
            }
            case SocketValue.Struct s -> {
                out.writeByte(4);
                out.writeInt(s.fields().size());
                for (SocketValue.Field f : s.fields()) {
                    writeString(out, f.name());
                    writeValue(out, f.value(), depth + 1);
                }
            }
            case SocketValue.Unspecified u -> out.writeByte(5);
        }
    }

    private static SocketValue readValue(DataInputStream in, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("argument nested deeper than " + MAX_DEPTH);
        }
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 0 -> new SocketValue.Int(in.readLong());
            case 1 -> new SocketValue.Str(readString(in));
            case 2 -> new SocketValue.Address(readAddress(in), in.readInt());
            case 3 -> new SocketValue.Array(readValues(in, depth + 1));
            case 4 -> {
                int n = count(in);
                List<SocketValue.Field> fields = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    fields.add(new SocketValue.Field(readString(in), readValue(in, depth + 1)));
                }
                yield new SocketValue.Struct(fields);
            }
            case 5 -> SocketValue.UNSPECIFIED;
            default -> throw new IOException("unknown value tag " + tag + " on the control connection");
        };
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ELEMENTS) {
            throw new IOException("list of " + n + " elements on the control connection");
        }
        return n;
    }
}
