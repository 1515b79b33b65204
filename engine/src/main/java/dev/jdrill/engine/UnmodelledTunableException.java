package dev.jdrill.engine;

/**
 * A tunable set to a value whose effect the engine does not model (for example
 * {@code tcp_congestion_control=bbr}, {@code tcp_syncookies=2}). Distinct from a bad value (an
 * {@link IllegalArgumentException}, which Linux would refuse too): the kernel accepts this one, the
 * engine cannot honour it, so a script that sets it cannot be judged on the engine (a SKIP naming it).
 */
public final class UnmodelledTunableException extends RuntimeException {
    public UnmodelledTunableException(String message) {
        super(message);
    }
}
