package dev.jdrill.target.engine;

import dev.jdrill.engine.SocketCallResult;
import dev.jdrill.engine.TcpStack;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * open() and sendfile() on the engine: a script opens a real file (its backtick commands made it in
 * a real shell) to send it on a socket, so the engine takes the file's size from the file system and
 * nothing else. Only reading (O_RDONLY) by an absolute path is modelled; anything else is a SKIP.
 */
final class FileCalls {
    private static final long O_ACCMODE = 3;
    private static final long O_CLOEXEC = 0x80000;

    private FileCalls() {
    }

    static SocketCallResult open(TcpStack stack, SocketCall.Open call, long now) throws UnsupportedByTargetException {
        if (!(call.arg(0) instanceof SocketValue.Str(String name))) {
            throw new UnsupportedByTargetException("the engine models open() of a path given as a string only");
        }
        long flags = call.integer(1, 0);
        if ((flags & ~O_CLOEXEC) != 0 || (flags & O_ACCMODE) != 0) {
            throw new UnsupportedByTargetException("the engine models open() for reading (O_RDONLY) only, not flags 0x"
                    + Long.toHexString(flags));
        }
        Path path = Path.of(name);
        if (!path.isAbsolute()) {
            throw new UnsupportedByTargetException("the engine models open() of an absolute path only, not " + name);
        }
        try {
            if (!Files.isRegularFile(path)) {
                return new SocketCallResult.Failed(Files.exists(path) ? Errno.EISDIR : Errno.ENOENT);
            }
            return stack.openFile(Files.size(path), now);
        } catch (IOException | SecurityException e) {
            return new SocketCallResult.Failed(Errno.EACCES);
        }
    }

    /**
     * sendfile(out, in, [offset] or NULL, count). The offset the kernel writes back is not reported:
     * packetdrill's syscall_sendfile does not compare it with the script's.
     */
    static SocketCallResult sendFile(TcpStack stack, SocketCall.SendFile call, long now) {
        int outFd = (int) call.integer(0, -1);
        int inFd = (int) call.integer(1, -1);
        long count = call.integer(3, 0);
        OptionalLong offset = call.arg(2) instanceof SocketValue.Array a && a.asLong().isPresent()
                ? OptionalLong.of(a.asLong().get()) : OptionalLong.empty();
        return stack.sendFile(outFd, inFd, offset, count, now);
    }
}
