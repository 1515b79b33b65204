package dev.jdrill.cli;

public final class Main {
    public static void main(String[] args) {
        System.out.println("jdrill 0.1.0-SNAPSHOT");
    }
}
