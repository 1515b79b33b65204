package dev.jdrill.grammar.catalogue;

/** What a system call returns. */
public enum ResultKind {
    /** A new fd: the script's number names whatever fd the target returns (packetdrill's CHECK_FD). */
    NEW_FD,
    /** 0, or -1 and an errno. */
    STATUS,
    /** A byte or event count. */
    COUNT,
    /** A value whose meaning depends on the arguments (fcntl F_GETFL, ioctl). */
    VALUE
}
