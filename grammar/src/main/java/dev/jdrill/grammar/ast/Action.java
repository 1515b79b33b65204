package dev.jdrill.grammar.ast;

/** What an event does. */
public sealed interface Action extends Node permits PacketAction, Syscall, Command, Code, StateAssertion {
}
